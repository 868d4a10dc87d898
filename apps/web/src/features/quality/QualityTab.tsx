import { useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { boardActor, useBoardQuery } from '../../api/board-queries';
import { useMe } from '../../api/context';
import { errorMessage } from '../../api/errors';
import type { BoardView } from '../../api/types';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Page';
import { AccessProblem, Empty, QueryView } from '../../ui/states';
import { zoneName } from '../../ui/time';
import { Adherence } from './Adherence';
import { Attendance } from './Attendance';
import { CaseConference } from './CaseConference';
import { Concordance } from './Concordance';
import { saveFile } from '../../api/download';
import { csvFileName } from './download';
import { PeriodForm, type AppliedSelection } from './PeriodForm';
import {
  PRESET_LABELS,
  caseloadProblem,
  monthsOf,
  periodLabel,
  periodProblem,
  type PeriodPreset,
} from './period';
import { mayReadQualityMetrics } from './permissions';
import {
  useMetricsCsv,
  useMonthlyMetricsQueries,
  useQualityMetricsQuery,
  type MetricsSelection,
} from './queries';
import { Turnaround } from './Turnaround';
import './quality.css';

/** The selection in the page's address (`?preset=…&from=…&to=…&caseload=…`), if it is a valid one. */
export function appliedFrom(params: URLSearchParams): AppliedSelection | null {
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const caseloadText = params.get('caseload') ?? '';
  const caseload = /^\d+$/.test(caseloadText) ? Number(caseloadText) : null;
  if (periodProblem({ from, to }) || caseloadProblem(caseload) || caseload === null) return null;
  const preset = params.get('preset');
  return {
    preset: preset !== null && preset in PRESET_LABELS ? (preset as PeriodPreset) : 'custom',
    selection: { from, to, analyticCaseload: caseload },
  };
}

/**
 * The board's quality dashboard for a period: case-conference figures, second-opinion concordance
 * and turnaround, adherence to recommendations, attendance, and the same figures as CSV. The
 * period is kept in the address, so a reload or a shared link shows the same figures.
 */
export function QualityTab() {
  const { boardId = '' } = useParams();
  const board = useBoardQuery(boardId);
  const me = useMe();
  return (
    <QueryView query={board} loadingLabel="Loading board…">
      {(view) =>
        mayReadQualityMetrics(boardActor(me, view.myRole)) ? (
          <Quality board={view} />
        ) : (
          <AccessProblem
            status={403}
            message="The quality dashboard is open to the board’s coordinators."
          />
        )
      }
    </QueryView>
  );
}

function Quality({ board }: { board: BoardView }) {
  const [params, setParams] = useSearchParams();
  const applied = appliedFrom(params);
  return (
    <>
      <Card title="Quality dashboard">
        <PeriodForm
          key={params.toString()}
          timeZone={board.timezone}
          applied={applied}
          onApply={({ preset, selection }) =>
            setParams({
              preset,
              from: selection.from,
              to: selection.to,
              caseload: String(selection.analyticCaseload),
            })
          }
        />
      </Card>
      {applied ? (
        <Dashboard board={board} preset={applied.preset} selection={applied.selection} />
      ) : (
        <Empty title="Choose a period">
          Choose the reporting period, enter its analytic caseload from the cancer registry, and
          press “Show figures”.
        </Empty>
      )}
    </>
  );
}

function Dashboard({
  board,
  preset,
  selection,
}: {
  board: BoardView;
  preset: PeriodPreset;
  selection: MetricsSelection;
}) {
  const metrics = useQualityMetricsQuery(board.id, selection);
  const monthly = useMonthlyMetricsQueries(board.id, monthsOf(selection));
  return (
    <QueryView query={metrics} loadingLabel="Computing the figures…">
      {(view) => (
        <div className="stack quality-dashboard">
          <div className="quality-summary">
            <p>
              <strong>{periodLabel({ from: view.period.fromDate, to: view.period.toDate })}</strong>
              {preset === 'custom' ? null : (
                <span className="muted"> ({PRESET_LABELS[preset]})</span>
              )}
              <br />
              <span className="muted small">
                Days in {zoneName(view.period.timezone)} · analytic caseload {view.analyticCaseload}
              </span>
            </p>
            <CsvDownload boardName={board.name} boardId={board.id} selection={selection} />
          </div>
          <CaseConference view={view.caseConference} />
          <Concordance view={view.concordance} />
          <Turnaround view={view.turnaround} months={monthly} />
          <Adherence view={view.adherence} />
          <Attendance view={view.caseConference} />
        </div>
      )}
    </QueryView>
  );
}

function CsvDownload({
  boardName,
  boardId,
  selection,
}: {
  boardName: string;
  boardId: string;
  selection: MetricsSelection;
}) {
  const csv = useMetricsCsv(boardId);
  const [saved, setSaved] = useState<string | null>(null);
  const download = async () => {
    setSaved(null);
    try {
      const name = csvFileName(boardName, selection);
      saveFile(await csv.mutateAsync(selection), name);
      setSaved(`Saved ${name}.`);
    } catch {
      // The refusal is shown through `csv.error`.
    }
  };
  return (
    <div className="quality-download">
      <Button onPress={() => void download()} isPending={csv.isPending}>
        Download CSV
      </Button>
      <div role="status" className="small muted">
        {saved}
      </div>
      {csv.error ? (
        <p className="form-error" role="alert">
          The CSV could not be downloaded. {errorMessage(csv.error)}
        </p>
      ) : null}
    </div>
  );
}
