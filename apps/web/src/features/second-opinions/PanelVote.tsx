import { useId, useState } from 'react';
import { Link } from 'react-aria-components';
import { Controller, useFieldArray, useForm } from 'react-hook-form';
import { TREATMENT_MODALITIES, type TreatmentModality } from '@app/contracts';
import { ApiError, asSentence, errorMessage } from '../../api/errors';
import { Button } from '../../ui/Button';
import {
  CheckboxField,
  FormError,
  SelectField,
  SubmitForm,
  TextArea,
  TextInput,
} from '../../ui/fields';
import { Card } from '../../ui/Page';
import { dateTimeInZone } from '../../ui/time';
import {
  useOpenPanelVote,
  useReviewersQuery,
  type PanelVoteBody,
  type SecondOpinionView,
} from './queries';
import { textRule } from './intakeForm';

const MODALITY_LABELS: Record<TreatmentModality, string> = {
  surgery: 'Surgery',
  radiotherapy: 'Radiotherapy',
  systemic_therapy: 'Systemic therapy',
  active_surveillance: 'Active surveillance',
  best_supportive_care: 'Best supportive care',
  clinical_trial: 'Clinical trial',
};

const INTENT_OPTIONS = [
  { id: 'curative', label: 'Curative' },
  { id: 'palliative', label: 'Palliative' },
];

/** The limits of the server's PanelVoteDto and its options. */
const LIMITS = { question: [1, 1000], text: [1, 2000], sequence: [1, 1000], options: 8 } as const;
const MIN_AHEAD_MS = 5 * 60_000;
const MAX_AHEAD_MS = 30 * 24 * 3_600_000;

interface OptionValues {
  text: string;
  intent: 'curative' | 'palliative' | null;
  modalities: TreatmentModality[];
  sequence: string;
}

interface PanelVoteValues {
  question: string;
  options: OptionValues[];
  /** As a datetime-local input holds it, in the coordinator's own zone. */
  deadline: string;
}

const blankOption = (): OptionValues => ({ text: '', intent: null, modalities: [], sequence: '' });

/** "2026-12-08T17:00" a week from `now`, on the hour, in this computer's zone. */
function defaultDeadline(now: Date): string {
  const at = new Date(now.getTime() + 7 * 24 * 3_600_000);
  at.setMinutes(0, 0, 0);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:00`;
}

function deadlineRule(value: string): string | true {
  const at = new Date(value);
  if (!value || Number.isNaN(at.getTime())) return 'Enter the deadline.';
  const ahead = at.getTime() - Date.now();
  if (ahead < MIN_AHEAD_MS) return 'At least 5 minutes from now.';
  return ahead <= MAX_AHEAD_MS || 'At most 30 days from now.';
}

function body(values: PanelVoteValues): PanelVoteBody {
  return {
    question: values.question.trim(),
    deadline: new Date(values.deadline).toISOString(),
    options: values.options.map((option) => {
      const sequence = option.sequence.trim();
      return {
        text: option.text.trim(),
        intent: option.intent as 'curative' | 'palliative',
        modalities: option.modalities,
        ...(sequence ? { sequence } : {}),
      };
    }),
  };
}

/** Why the panel cannot vote now, or null when it can. */
function voteClosed(request: SecondOpinionView, pending: string[], cleared: number): string | null {
  if (request.status === 'consent_withdrawn') return 'Consent has been withdrawn.';
  if (request.status === 'opinion_delivered') return 'The opinion has been delivered.';
  if (request.status === 'awaiting_records')
    return 'The records are not complete yet: the panel votes once every reviewer has assessed them.';
  if (cleared < 2) return 'A panel needs at least 2 reviewers who have attested to no conflict.';
  if (pending.length > 0)
    return `Every panel member submits an independent assessment before the vote. Still to come: ${pending.join(', ')}.`;
  return null;
}

/**
 * A panel's decision: once each reviewer cleared of conflicts has assessed the request, the
 * coordinator puts the options to a vote with a deadline; the panel votes on a board case made
 * for the request (without the first opinion), and the option decided is the recommendation.
 */
export function PanelVote({ request, timezone }: { request: SecondOpinionView; timezone: string }) {
  const reviewers = useReviewersQuery(request.id);
  const [opened, setOpened] = useState<string | null>(null);
  const [anotherRound, setAnotherRound] = useState(false);
  const list = reviewers.data ?? [];
  if (list.length < 2 && !request.panelCaseId) return null;
  const cleared = list.filter((reviewer) => reviewer.attestation === 'no_conflict');
  const pending = cleared
    .filter((reviewer) => !reviewer.assessmentSubmittedAt)
    .map((reviewer) => reviewer.displayName);
  const closed = voteClosed(request, pending, cleared.length);
  return (
    <Card title="Panel vote">
      <div className="stack">
        {request.panelCaseId ? (
          <p>
            The panel votes on the board case made for this request.{' '}
            <Link href={`/cases/${request.panelCaseId}`}>Open the panel’s case</Link> to follow the
            vote and its result.
          </p>
        ) : null}
        {opened ? (
          <p className="notice notice-success" role="status">
            {opened}
          </p>
        ) : null}
        {closed ? (
          <p className="muted">{closed}</p>
        ) : request.panelCaseId && !anotherRound ? (
          <div>
            <Button onPress={() => setAnotherRound(true)}>Open another round</Button>
            <p className="muted small">
              When the vote closed without a consensus or a quorum, put it to the panel again.
            </p>
          </div>
        ) : (
          <PanelVoteForm
            request={request}
            again={Boolean(request.panelCaseId)}
            onOpened={(deadline) => {
              setAnotherRound(false);
              setOpened(
                `The vote is open until ${dateTimeInZone(deadline, timezone)}. The panel votes on the board case.`,
              );
            }}
          />
        )}
      </div>
    </Card>
  );
}

function PanelVoteForm({
  request,
  again,
  onOpened,
}: {
  request: SecondOpinionView;
  again: boolean;
  onOpened: (deadline: string) => void;
}) {
  const open = useOpenPanelVote(request.id, request.boardId);
  const [problem, setProblem] = useState<string | null>(null);
  const { control, handleSubmit } = useForm<PanelVoteValues>({
    defaultValues: {
      question: request.question,
      options: [blankOption(), blankOption()],
      deadline: defaultDeadline(new Date()),
    },
  });
  const { fields, append, remove } = useFieldArray({ control, name: 'options' });
  const submit = handleSubmit(async (values) => {
    setProblem(null);
    try {
      const vote = await open.mutateAsync(body(values));
      onOpened(vote.deadline ?? new Date(values.deadline).toISOString());
    } catch (error) {
      setProblem(
        error instanceof ApiError && error.details.length > 0
          ? `${asSentence(error.message)} ${error.details.map((detail) => asSentence(detail.message)).join(' ')}`
          : errorMessage(error),
      );
    }
  });
  return (
    <SubmitForm onSubmit={submit} aria-label={again ? 'Open another round' : 'Open the panel vote'}>
      <Controller
        control={control}
        name="question"
        rules={{ validate: textRule('The question', LIMITS.question) }}
        render={({ field, fieldState }) => (
          <TextArea
            label="Question put to the panel"
            rows={2}
            value={field.value}
            onChange={field.onChange}
            onBlur={field.onBlur}
            maxLength={LIMITS.question[1]}
            errorMessage={fieldState.error?.message}
            isRequired
          />
        )}
      />
      <ol className="list-plain stack">
        {fields.map((item, index) => (
          <li key={item.id}>
            <fieldset className="so-fieldset">
              <legend>Option {String.fromCharCode(65 + index)}</legend>
              <div className="stack">
                <Controller
                  control={control}
                  name={`options.${index}.text`}
                  rules={{ validate: textRule('The recommendation', LIMITS.text) }}
                  render={({ field, fieldState }) => (
                    <TextArea
                      label="Recommendation"
                      rows={2}
                      value={field.value}
                      onChange={field.onChange}
                      onBlur={field.onBlur}
                      maxLength={LIMITS.text[1]}
                      errorMessage={fieldState.error?.message}
                      isRequired
                    />
                  )}
                />
                <div className="row">
                  <Controller
                    control={control}
                    name={`options.${index}.intent`}
                    rules={{ validate: (value) => value !== null || 'Choose the intent.' }}
                    render={({ field, fieldState }) => (
                      <SelectField
                        label="Intent"
                        options={INTENT_OPTIONS}
                        value={field.value}
                        onChange={field.onChange}
                        errorMessage={fieldState.error?.message}
                        isRequired
                      />
                    )}
                  />
                  <Controller
                    control={control}
                    name={`options.${index}.sequence`}
                    rules={{ validate: textRule('The sequence', LIMITS.sequence, false) }}
                    render={({ field, fieldState }) => (
                      <TextInput
                        label="Sequence"
                        value={field.value}
                        onChange={field.onChange}
                        onBlur={field.onBlur}
                        inputRef={field.ref}
                        maxLength={LIMITS.sequence[1]}
                        placeholder="3 cycles, then surgery within 6 weeks"
                        errorMessage={fieldState.error?.message}
                      />
                    )}
                  />
                </div>
                <Controller
                  control={control}
                  name={`options.${index}.modalities`}
                  rules={{
                    validate: (value) => value.length > 0 || 'Choose at least one treatment.',
                  }}
                  render={({ field, fieldState }) => (
                    <ModalityChoice
                      value={field.value}
                      onChange={field.onChange}
                      errorMessage={fieldState.error?.message}
                    />
                  )}
                />
                {fields.length > 1 ? (
                  <div>
                    <Button size="small" variant="quiet" onPress={() => remove(index)}>
                      Remove option {String.fromCharCode(65 + index)}
                    </Button>
                  </div>
                ) : null}
              </div>
            </fieldset>
          </li>
        ))}
      </ol>
      {fields.length < LIMITS.options ? (
        <div>
          <Button size="small" onPress={() => append(blankOption())}>
            Add an option
          </Button>
        </div>
      ) : null}
      <Controller
        control={control}
        name="deadline"
        rules={{ validate: deadlineRule }}
        render={({ field, fieldState }) => (
          <TextInput
            label="Deadline"
            type="datetime-local"
            value={field.value}
            onChange={field.onChange}
            onBlur={field.onBlur}
            inputRef={field.ref}
            errorMessage={fieldState.error?.message}
            description="In your own time zone; between 5 minutes and 30 days from now."
            isRequired
          />
        )}
      />
      <FormError message={problem} />
      <div>
        <Button type="submit" variant="primary" isPending={open.isPending}>
          {again ? 'Open another round' : 'Open the panel vote'}
        </Button>
      </div>
    </SubmitForm>
  );
}

/** The treatments of an option, in the order ticked. */
function ModalityChoice({
  value,
  onChange,
  errorMessage: error,
}: {
  value: TreatmentModality[];
  onChange: (value: TreatmentModality[]) => void;
  errorMessage: string | undefined;
}) {
  const labelId = useId();
  const errorId = useId();
  return (
    <div
      role="group"
      className="field"
      aria-labelledby={labelId}
      aria-describedby={error ? errorId : undefined}
      data-invalid={error ? true : undefined}
    >
      <span id={labelId} className="so-group-label">
        Treatments, in the order ticked<span aria-hidden="true"> *</span>
      </span>
      <div className="so-modalities">
        {TREATMENT_MODALITIES.map((modality) => (
          <CheckboxField
            key={modality}
            isSelected={value.includes(modality)}
            onChange={(selected) =>
              onChange(selected ? [...value, modality] : value.filter((item) => item !== modality))
            }
          >
            {MODALITY_LABELS[modality]}
          </CheckboxField>
        ))}
      </div>
      {value.length > 1 ? (
        <p className="small">
          In this order: {value.map((modality) => MODALITY_LABELS[modality]).join(', then ')}.
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
