import { useState } from 'react';
import { Label, Radio, RadioGroup } from 'react-aria-components';
import { Button } from '../../ui/Button';
import { NumberInput, SubmitForm, TextInput } from '../../ui/fields';
import { zoneName } from '../../ui/time';
import {
  MAX_ANALYTIC_CASELOAD,
  PRESET_LABELS,
  caseloadProblem,
  periodLabel,
  periodProblem,
  presetPeriod,
  todayInZone,
  type Period,
  type PeriodPreset,
} from './period';
import type { MetricsSelection } from './queries';

const PRESETS = Object.keys(PRESET_LABELS) as PeriodPreset[];

export interface AppliedSelection {
  preset: PeriodPreset;
  selection: MetricsSelection;
}

/**
 * The period and caseload the dashboard reports on. Nothing is read until "Show figures": every
 * read of the metrics is audited, so they are read when asked for, not at each keystroke.
 */
export function PeriodForm({
  timeZone,
  applied,
  onApply,
}: {
  timeZone: string;
  applied: AppliedSelection | null;
  onApply: (applied: AppliedSelection) => void;
}) {
  const today = todayInZone(timeZone, new Date());
  const [preset, setPreset] = useState<PeriodPreset>(() => {
    if (!applied) return 'last_quarter';
    const { preset: named, selection } = applied;
    // A named period applied on another day may no longer be what its name gives today.
    if (named === 'custom') return named;
    const now = presetPeriod(named, today);
    return now.from === selection.from && now.to === selection.to ? named : 'custom';
  });
  const [custom, setCustom] = useState<Period>(
    applied
      ? { from: applied.selection.from, to: applied.selection.to }
      : presetPeriod('last_quarter', today),
  );
  const [caseload, setCaseload] = useState<number | null>(
    applied?.selection.analyticCaseload ?? null,
  );
  const [problems, setProblems] = useState<{ from?: string; to?: string; caseload?: string }>({});
  const period = preset === 'custom' ? custom : presetPeriod(preset, today);

  const apply = () => {
    const wrongPeriod = periodProblem(period);
    const wrongCaseload = caseloadProblem(caseload);
    setProblems({
      ...(wrongPeriod ? { [wrongPeriod.field]: wrongPeriod.message } : {}),
      ...(wrongCaseload ? { caseload: wrongCaseload } : {}),
    });
    if (wrongPeriod || wrongCaseload || caseload === null) return;
    onApply({ preset, selection: { ...period, analyticCaseload: caseload } });
  };

  return (
    <SubmitForm onSubmit={apply} aria-label="Reporting period">
      <RadioGroup
        className="segmented"
        orientation="horizontal"
        value={preset}
        onChange={(value) => {
          // Custom dates start from the period shown, to be adjusted rather than typed anew.
          if (value === 'custom' && preset !== 'custom') setCustom(period);
          setPreset(value as PeriodPreset);
        }}
      >
        <Label className="segmented-label">Period</Label>
        <div className="segmented-options">
          {PRESETS.map((id) => (
            <Radio key={id} value={id} className="segmented-option">
              {PRESET_LABELS[id]}
            </Radio>
          ))}
        </div>
      </RadioGroup>
      {preset === 'custom' ? (
        <div className="row">
          <TextInput
            label="First day"
            type="date"
            value={custom.from}
            onChange={(from) => setCustom((current) => ({ ...current, from }))}
            errorMessage={problems.from}
            isRequired
          />
          <TextInput
            label="Last day (included)"
            type="date"
            value={custom.to}
            onChange={(to) => setCustom((current) => ({ ...current, to }))}
            errorMessage={problems.to}
            isRequired
          />
        </div>
      ) : (
        <p>
          <strong>{periodLabel(period)}</strong>
        </p>
      )}
      <p className="muted small">
        Days are counted in the board’s time zone, {zoneName(timeZone)}.
      </p>
      <div className="row">
        <NumberInput
          label="Analytic caseload"
          value={caseload}
          onChange={setCaseload}
          minValue={0}
          maxValue={MAX_ANALYTIC_CASELOAD}
          step={1}
          errorMessage={problems.caseload}
          description="The analytic cases of this period, from your cancer registry. “Cases presented” is counted against it."
          isRequired
        />
        <div>
          <Button type="submit" variant="primary">
            Show figures
          </Button>
        </div>
      </div>
    </SubmitForm>
  );
}
