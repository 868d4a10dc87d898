import { useState } from 'react';
import { Controller, useForm, useWatch, type FieldPath } from 'react-hook-form';
import { ApiError, asSentence, errorMessage, fieldWords } from '../../api/errors';
import { Button } from '../../ui/Button';
import { FormError, SelectField, SubmitForm, TextArea, TextInput } from '../../ui/fields';
import { Card } from '../../ui/Page';
import { textRule } from './intakeForm';
import { OnceLink } from './OnceLink';
import { languageName } from './places';
import {
  useDeliverOpinion,
  useReviewersQuery,
  type DeliverBody,
  type ReferrerLinkView,
  type ReviewerProgressView,
  type SecondOpinionView,
} from './queries';
import { CONCORDANCE_DESCRIPTIONS, CONCORDANCE_LABELS, type ConcordanceClass } from './words';

/** The limits of the server's DeliverOpinionDto and the panel's conclusion. */
export const SUMMARY_LIMITS = [20, 8000] as const;
const LIMITS = {
  diagnosis: [2, 2000],
  stage: [1, 200],
  alternative: [2, 1000],
  alternatives: 10,
  text: [2, 4000],
  rationale: [1, 4000],
} as const;

const CONCORDANCE_OPTIONS = (Object.keys(CONCORDANCE_LABELS) as ConcordanceClass[]).map((id) => ({
  id,
  label: `${CONCORDANCE_LABELS[id].label}: ${CONCORDANCE_DESCRIPTIONS[id]}`,
}));

interface DeliverValues {
  patientSummary: string;
  conclusion: {
    diagnosis: string;
    stage: string;
    /** One alternative a line. */
    alternatives: string;
    risks: string;
    pros: string;
    cons: string;
  };
  concordance: { classification: ConcordanceClass | null; rationale: string };
}

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

function deliverBody(values: DeliverValues, panel: boolean): DeliverBody {
  const patientSummary = values.patientSummary.trim();
  if (!panel) return { patientSummary };
  const { conclusion, concordance } = values;
  const stage = conclusion.stage.trim();
  const rationale = concordance.rationale.trim();
  return {
    patientSummary,
    conclusion: {
      diagnosis: conclusion.diagnosis.trim(),
      ...(stage ? { stage } : {}),
      alternatives: lines(conclusion.alternatives),
      risks: conclusion.risks.trim(),
      pros: conclusion.pros.trim(),
      cons: conclusion.cons.trim(),
    },
    concordance: {
      classification: concordance.classification as ConcordanceClass,
      ...(rationale ? { rationale } : {}),
    },
  };
}

/** Why a single specialist's opinion cannot be delivered yet, from the reviewers' progress. */
function specialistNotReady(reviewers: readonly ReviewerProgressView[]): string | null {
  const cleared = reviewers.filter((reviewer) => reviewer.attestation === 'no_conflict');
  if (cleared.length === 0)
    return 'No reviewer cleared of conflicts has reviewed this request yet.';
  if (cleared.length > 1)
    return 'Several reviewers are cleared: put the request to a panel vote, then deliver the panel’s opinion.';
  const [reviewer] = cleared;
  if (!reviewer?.assessmentSubmittedAt)
    return `${reviewer?.displayName ?? 'The reviewer'} has not submitted an assessment yet.`;
  if (!reviewer.concordance)
    return `${reviewer.displayName} has not classified the concordance with the first opinion yet.`;
  return null;
}

/**
 * Delivering the written opinion: a single specialist's is their own assessment; a panel's is
 * the conclusion the coordinator states beside the option the panel decided. The patient summary,
 * in plain words and the patient's language, goes with either. Delivery stops the clock and gives
 * the referrer's link, shown this once (`onDelivered`).
 */
export function DeliverOpinion({
  request,
  onDelivered,
}: {
  request: SecondOpinionView;
  onDelivered: (link: ReferrerLinkView) => void;
}) {
  const reviewers = useReviewersQuery(request.id);
  const panel = Boolean(request.panelCaseId);
  const notReady =
    request.status === 'awaiting_records'
      ? 'The records are not complete yet.'
      : panel
        ? null
        : specialistNotReady(reviewers.data ?? []);
  return (
    <Card title="Deliver the opinion">
      {reviewers.isPending ? null : notReady ? (
        <p className="muted">{notReady}</p>
      ) : (
        <DeliverForm request={request} panel={panel} onDelivered={onDelivered} />
      )}
    </Card>
  );
}

const FORM_FIELD =
  /^(patientSummary|conclusion\.(diagnosis|stage|alternatives|risks|pros|cons)|concordance\.(classification|rationale))$/;

function DeliverForm({
  request,
  panel,
  onDelivered,
}: {
  request: SecondOpinionView;
  panel: boolean;
  onDelivered: (link: ReferrerLinkView) => void;
}) {
  const deliver = useDeliverOpinion(request.id, request.boardId);
  const [problem, setProblem] = useState<string | null>(null);
  const { control, handleSubmit, setError } = useForm<DeliverValues>({
    defaultValues: {
      patientSummary: '',
      conclusion: { diagnosis: '', stage: '', alternatives: '', risks: '', pros: '', cons: '' },
      concordance: { classification: null, rationale: '' },
    },
  });
  const classification = useWatch({ control, name: 'concordance.classification' });
  const submit = handleSubmit(async (values) => {
    setProblem(null);
    try {
      const delivered = await deliver.mutateAsync(deliverBody(values, panel));
      onDelivered(delivered.referrerLink);
    } catch (error) {
      if (!(error instanceof ApiError) || error.details.length === 0) {
        setProblem(errorMessage(error));
        return;
      }
      const rest: string[] = [];
      for (const detail of error.details) {
        const field = detail.field?.replace(
          /^conclusion\.alternatives\.\d+$/,
          'conclusion.alternatives',
        );
        if (field && FORM_FIELD.test(field))
          setError(field as FieldPath<DeliverValues>, {
            type: 'server',
            message: asSentence(fieldWords(detail.field, detail.message)),
          });
        else rest.push(asSentence(detail.message));
      }
      setProblem(
        rest.length > 0 ? rest.join(' ') : 'The opinion was not delivered: see the fields.',
      );
    }
  });
  const language = languageName(request.preferredLanguage);
  return (
    <SubmitForm onSubmit={submit} aria-label="Deliver the opinion">
      <p>
        {panel
          ? 'The panel’s opinion: its recommendation is the option its vote decided; state its conclusion and how it compares with the first opinion.'
          : 'The specialist’s opinion is their own assessment and concordance class, as submitted.'}{' '}
        Delivery stops the turnaround clock and gives the referrer a link to read the opinion.
      </p>
      <Controller
        control={control}
        name="patientSummary"
        rules={{ validate: textRule('The patient summary', SUMMARY_LIMITS) }}
        render={({ field, fieldState }) => (
          <TextArea
            label="Patient summary"
            rows={8}
            value={field.value}
            onChange={field.onChange}
            onBlur={field.onBlur}
            maxLength={SUMMARY_LIMITS[1]}
            errorMessage={fieldState.error?.message}
            description={`The opinion in plain words for the patient, written in ${language}. At least ${SUMMARY_LIMITS[0]} characters.`}
            isRequired
          />
        )}
      />
      {panel ? (
        <fieldset className="so-fieldset">
          <legend>The panel’s conclusion</legend>
          <div className="stack">
            <Controller
              control={control}
              name="conclusion.diagnosis"
              rules={{ validate: textRule('The diagnosis', LIMITS.diagnosis) }}
              render={({ field, fieldState }) => (
                <TextArea
                  label="Diagnosis"
                  rows={2}
                  value={field.value}
                  onChange={field.onChange}
                  onBlur={field.onBlur}
                  maxLength={LIMITS.diagnosis[1]}
                  errorMessage={fieldState.error?.message}
                  isRequired
                />
              )}
            />
            <Controller
              control={control}
              name="conclusion.stage"
              rules={{ validate: textRule('The stage', LIMITS.stage, false) }}
              render={({ field, fieldState }) => (
                <TextInput
                  label="Stage"
                  value={field.value}
                  onChange={field.onChange}
                  onBlur={field.onBlur}
                  inputRef={field.ref}
                  maxLength={LIMITS.stage[1]}
                  errorMessage={fieldState.error?.message}
                />
              )}
            />
            <Controller
              control={control}
              name="conclusion.alternatives"
              rules={{
                validate: (value) => {
                  const list = lines(value);
                  if (list.length > LIMITS.alternatives)
                    return `At most ${LIMITS.alternatives} alternatives.`;
                  const bad = list.find(
                    (line) =>
                      line.length < LIMITS.alternative[0] || line.length > LIMITS.alternative[1],
                  );
                  return (
                    !bad ||
                    `Each alternative: ${LIMITS.alternative[0]} to ${LIMITS.alternative[1]} characters.`
                  );
                },
              }}
              render={({ field, fieldState }) => (
                <TextArea
                  label="Alternatives considered"
                  rows={3}
                  value={field.value}
                  onChange={field.onChange}
                  onBlur={field.onBlur}
                  errorMessage={fieldState.error?.message}
                  description="One a line, including non-surgical ones."
                />
              )}
            />
            {(['risks', 'pros', 'cons'] as const).map((name) => (
              <Controller
                key={name}
                control={control}
                name={`conclusion.${name}`}
                rules={{ validate: textRule(TEXT_LABELS[name], LIMITS.text) }}
                render={({ field, fieldState }) => (
                  <TextArea
                    label={TEXT_LABELS[name]}
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
            ))}
            <Controller
              control={control}
              name="concordance.classification"
              rules={{ validate: (value) => value !== null || 'Choose the concordance class.' }}
              render={({ field, fieldState }) => (
                <SelectField
                  label="Concordance with the first opinion"
                  options={CONCORDANCE_OPTIONS}
                  value={field.value}
                  onChange={field.onChange}
                  errorMessage={fieldState.error?.message}
                  isRequired
                />
              )}
            />
            <Controller
              control={control}
              name="concordance.rationale"
              rules={{
                validate: textRule(
                  'The rationale',
                  LIMITS.rationale,
                  classification !== null && classification !== 'confirmed',
                ),
              }}
              render={({ field, fieldState }) => (
                <TextArea
                  label="Concordance rationale"
                  rows={2}
                  value={field.value}
                  onChange={field.onChange}
                  onBlur={field.onBlur}
                  maxLength={LIMITS.rationale[1]}
                  errorMessage={fieldState.error?.message}
                  description="Required unless the first opinion is confirmed."
                  isRequired={classification !== null && classification !== 'confirmed'}
                />
              )}
            />
          </div>
        </fieldset>
      ) : null}
      <FormError message={problem} />
      <div>
        <Button type="submit" variant="primary" isPending={deliver.isPending}>
          Deliver the opinion
        </Button>
      </div>
    </SubmitForm>
  );
}

const TEXT_LABELS = { risks: 'Risks', pros: 'For', cons: 'Against' } as const;

/** The referrer's link, shown once after delivery or replacement. */
export function ReferrerLinkOnce({
  link,
  timezone,
  onDone,
}: {
  link: ReferrerLinkView;
  timezone: string;
  onDone: () => void;
}) {
  return (
    <OnceLink
      label="Referrer’s link to the opinion"
      url={link.url}
      expiresAt={link.expiresAt}
      timezone={timezone}
      onDone={onDone}
    />
  );
}
