import { Controller, useForm, useWatch } from 'react-hook-form';
import { FieldError, Label, Radio, RadioGroup } from 'react-aria-components';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { FormError, SelectField, SubmitForm, TextArea } from '../../ui/fields';
import { dateTimeInZone } from '../../ui/time';
import type { FollowUpItem } from './followUps';
import {
  EMPTY_OUTCOME,
  OUTCOME_LIMITS,
  asksForDeviation,
  outcomeProblems,
  outcomeRefusal,
  toRecordBody,
  type OutcomeField,
  type OutcomeValues,
} from './outcomeForm';
import { useRecordOutcome } from './queries';
import { Recommended } from './Recommended';
import {
  ADHERENCE_LABELS,
  DEVIATION_REASON_LABELS,
  SUBJECT_LABELS,
  intervalLabel,
  type Adherence,
  type DeviationReason,
} from './words';

const ADHERENCES = Object.keys(ADHERENCE_LABELS) as Adherence[];

const REASON_OPTIONS = (Object.keys(DEVIATION_REASON_LABELS) as DeviationReason[]).map((id) => ({
  id,
  label: DEVIATION_REASON_LABELS[id],
}));

/** A field's check: the form's rule for it (the server's, restated). */
const rule = (field: OutcomeField) => (_value: unknown, values: OutcomeValues) =>
  outcomeProblems(values)[field] ?? true;

/**
 * Records one follow-up: implemented fully, partly or not; why care deviated (required unless
 * fully); and notes. The server's refusals are shown on the fields they name.
 */
export function RecordOutcomeDialog({
  item,
  boardId,
  timeZone,
  mayReadOpinion,
  onClose,
  onRecorded,
}: {
  item: FollowUpItem;
  boardId: string;
  timeZone: string;
  mayReadOpinion: boolean;
  onClose: () => void;
  onRecorded: (item: FollowUpItem) => void;
}) {
  const record = useRecordOutcome(boardId, item);
  const { control, handleSubmit, setValue } = useForm<OutcomeValues>({
    defaultValues: EMPTY_OUTCOME,
  });
  const adherence = useWatch({ control, name: 'adherence' });
  const reason = useWatch({ control, name: 'deviationReason' });
  const refusal = record.error ? outcomeRefusal(record.error) : { fields: {}, form: null };
  const problem = (field: OutcomeField, own: string | undefined) => own ?? refusal.fields[field];

  const submit = handleSubmit(async (values) => {
    try {
      await record.mutateAsync(toRecordBody(item.intervalDays, values));
      onRecorded(item);
    } catch {
      // The refusal is shown through `record.error`.
    }
  });

  return (
    <Dialog
      title={`Record the ${intervalLabel(item.intervalDays)}`}
      isOpen
      onOpenChange={(open) => {
        if (!open && !record.isPending) onClose();
      }}
    >
      <SubmitForm
        onSubmit={submit}
        aria-label={`Outcome of the ${intervalLabel(item.intervalDays)}`}
      >
        <dl className="kv">
          <dt>Patient</dt>
          <dd>{item.subject.patientRef}</dd>
          <dt>{SUBJECT_LABELS[item.subject.type]}</dt>
          <dd>
            <Recommended subject={item.subject} mayReadOpinion={mayReadOpinion} />
          </dd>
          <dt>Due</dt>
          <dd>{dateTimeInZone(item.dueAt, timeZone)}</dd>
        </dl>
        <Controller
          control={control}
          name="adherence"
          rules={{ validate: rule('adherence') }}
          render={({ field, fieldState }) => {
            const error = problem('adherence', fieldState.error?.message);
            return (
              <RadioGroup
                className="radio-group"
                value={field.value}
                onChange={(value) => {
                  field.onChange(value as Adherence);
                  if (!asksForDeviation(value as Adherence)) {
                    setValue('deviationReason', null);
                    setValue('deviationDetail', '');
                  }
                }}
                isRequired
                isInvalid={Boolean(error)}
                validationBehavior="aria"
              >
                <Label className="radio-group-label">
                  Was it carried out?<span aria-hidden="true"> *</span>
                </Label>
                <div className="radio-options">
                  {ADHERENCES.map((level) => (
                    <Radio key={level} value={level} className="radio">
                      {ADHERENCE_LABELS[level]}
                    </Radio>
                  ))}
                </div>
                <FieldError className="field-error">{error}</FieldError>
              </RadioGroup>
            );
          }}
        />
        {asksForDeviation(adherence) ? (
          <>
            <Controller
              control={control}
              name="deviationReason"
              rules={{ validate: rule('deviationReason'), deps: ['deviationDetail'] }}
              render={({ field, fieldState }) => (
                <SelectField
                  label="Why care departed from it"
                  options={REASON_OPTIONS}
                  value={field.value}
                  onChange={(value) => field.onChange(value as DeviationReason)}
                  errorMessage={problem('deviationReason', fieldState.error?.message)}
                  description="Required when it was not implemented fully."
                  isRequired
                />
              )}
            />
            <Controller
              control={control}
              name="deviationDetail"
              rules={{ validate: rule('deviationDetail') }}
              render={({ field, fieldState }) => (
                <TextArea
                  label={
                    reason === 'other'
                      ? 'Description of the deviation'
                      : 'Description of the deviation (optional)'
                  }
                  rows={2}
                  value={field.value}
                  onChange={field.onChange}
                  onBlur={field.onBlur}
                  maxLength={OUTCOME_LIMITS.deviationDetail}
                  errorMessage={problem('deviationDetail', fieldState.error?.message)}
                  isRequired={reason === 'other'}
                />
              )}
            />
          </>
        ) : null}
        <Controller
          control={control}
          name="outcomeNotes"
          rules={{ validate: rule('outcomeNotes') }}
          render={({ field, fieldState }) => (
            <TextArea
              label="Notes on the outcome (optional)"
              rows={3}
              value={field.value}
              onChange={field.onChange}
              onBlur={field.onBlur}
              maxLength={OUTCOME_LIMITS.outcomeNotes}
              errorMessage={problem('outcomeNotes', fieldState.error?.message)}
              description="For example: response at restaging, toxicity, the care actually given."
            />
          )}
        />
        <p className="muted small">A recorded outcome cannot be changed afterwards.</p>
        <FormError message={refusal.form} />
        <div className="dialog-actions">
          <Button slot="close" isDisabled={record.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" isPending={record.isPending}>
            Record outcome
          </Button>
        </div>
      </SubmitForm>
    </Dialog>
  );
}
