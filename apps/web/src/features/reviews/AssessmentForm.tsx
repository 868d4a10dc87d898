import { useEffect, useState } from 'react';
import { Controller, useFieldArray, useForm, type UseFormSetError } from 'react-hook-form';
import { ApiError, asSentence, errorMessage, fieldWords } from '../../api/errors';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { FormError, SubmitForm, TextArea, TextInput } from '../../ui/fields';
import {
  EMPTY_ASSESSMENT,
  LIMITS,
  assessmentBody,
  forgetDraft,
  keepDraft,
  lengthRule,
  readDraft,
  type AssessmentBody,
  type AssessmentValues,
} from './assessment';

export interface AssessmentFormProps {
  /** Where the draft is kept in this tab (see `draftKey`). */
  draftKey: string;
  /** What the reader sees once the assessment is in, said (as a sentence) before they submit it. */
  revealed: string;
  /** Why it cannot be submitted yet (the records are not complete), or null. */
  notYet: string | null;
  submit: (body: AssessmentBody) => Promise<unknown>;
}

const TEXT_FIELDS = ['diagnosis', 'stage', 'recommendation', 'risks', 'pros', 'cons'] as const;

/**
 * An independent assessment, written before the reader sees any earlier opinion: checked by the
 * server's rules before anything is sent, kept in this tab as it is typed, and submitted only
 * after a confirmation (it cannot be changed afterwards).
 */
export function AssessmentForm({ draftKey, revealed, notYet, submit }: AssessmentFormProps) {
  const [initial] = useState(() => readDraft(draftKey) ?? EMPTY_ASSESSMENT);
  const form = useForm<AssessmentValues>({ defaultValues: initial });
  const { control } = form;
  const alternatives = useFieldArray({ control, name: 'alternatives' });
  const [kept, setKept] = useState(true);
  const [confirming, setConfirming] = useState<AssessmentBody | null>(null);
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [alternativesProblem, setAlternativesProblem] = useState<string | null>(null);

  useEffect(
    () =>
      form.subscribe({
        formState: { values: true },
        callback: ({ values }) => setKept(keepDraft(draftKey, values)),
      }),
    [form, draftKey],
  );

  const review = form.handleSubmit((values) => {
    setProblem(null);
    setAlternativesProblem(null);
    setConfirming(assessmentBody(values));
  });

  const send = async () => {
    if (!confirming) return;
    setSending(true);
    try {
      await submit(confirming);
      forgetDraft(draftKey);
    } catch (error) {
      setConfirming(null);
      const refusal = showRefusal(form.setError, error);
      setProblem(refusal.rest);
      setAlternativesProblem(refusal.alternatives);
    } finally {
      setSending(false);
    }
  };

  return (
    <SubmitForm onSubmit={review} aria-label="Your independent assessment">
      <Controller
        control={control}
        name="diagnosis"
        rules={{ validate: lengthRule(LIMITS.diagnosis) }}
        render={({ field, fieldState }) => (
          <TextArea
            label="Diagnosis"
            rows={3}
            value={field.value}
            onChange={field.onChange}
            onBlur={field.onBlur}
            errorMessage={fieldState.error?.message}
            maxLength={LIMITS.diagnosis.max}
            description="Tumour type, primary site and whatever else decides management."
            isRequired
          />
        )}
      />
      <Controller
        control={control}
        name="stage"
        rules={{ validate: lengthRule(LIMITS.stage, false) }}
        render={({ field, fieldState }) => (
          <TextInput
            label="Stage (optional)"
            value={field.value}
            onChange={field.onChange}
            onBlur={field.onBlur}
            errorMessage={fieldState.error?.message}
            maxLength={LIMITS.stage.max}
            description="For example cT2a cN1 M0, stage IIB (AJCC 8th edition)."
          />
        )}
      />
      <Controller
        control={control}
        name="recommendation"
        rules={{ validate: lengthRule(LIMITS.recommendation) }}
        render={({ field, fieldState }) => (
          <TextArea
            label="Recommendation"
            rows={4}
            value={field.value}
            onChange={field.onChange}
            onBlur={field.onBlur}
            errorMessage={fieldState.error?.message}
            maxLength={LIMITS.recommendation.max}
            description="The treatment you recommend, with its intent and sequence."
            isRequired
          />
        )}
      />
      <fieldset className="group" aria-describedby="assessment-alternatives-hint">
        <legend>Alternatives considered</legend>
        <p id="assessment-alternatives-hint" className="muted small">
          List the other options you weighed, including the non-surgical ones (radiotherapy,
          systemic therapy, active surveillance, best supportive care) wherever they apply.
        </p>
        {alternatives.fields.length === 0 ? (
          <p className="muted small">No alternative listed yet.</p>
        ) : (
          <ol className="list-plain stack">
            {alternatives.fields.map((item, index) => (
              <li key={item.id} className="reviews-alternative">
                <Controller
                  control={control}
                  name={`alternatives.${index}.text`}
                  rules={{
                    validate: (value) =>
                      value.trim() === ''
                        ? 'Describe this alternative, or remove it.'
                        : lengthRule(LIMITS.alternative)(value),
                  }}
                  render={({ field, fieldState }) => (
                    <TextInput
                      label={`Alternative ${index + 1}`}
                      value={field.value}
                      onChange={field.onChange}
                      onBlur={field.onBlur}
                      inputRef={field.ref}
                      errorMessage={fieldState.error?.message}
                      maxLength={LIMITS.alternative.max}
                      isRequired
                    />
                  )}
                />
                <Button size="small" variant="quiet" onPress={() => alternatives.remove(index)}>
                  Remove alternative {index + 1}
                </Button>
              </li>
            ))}
          </ol>
        )}
        {alternativesProblem ? (
          <p className="field-error" role="alert">
            {alternativesProblem}
          </p>
        ) : null}
        {alternatives.fields.length < LIMITS.alternatives ? (
          <div>
            <Button size="small" onPress={() => alternatives.append({ text: '' })}>
              Add an alternative
            </Button>
          </div>
        ) : (
          <p className="muted small">At most {LIMITS.alternatives} alternatives.</p>
        )}
      </fieldset>
      <Controller
        control={control}
        name="risks"
        rules={{ validate: lengthRule(LIMITS.risks) }}
        render={({ field, fieldState }) => (
          <TextArea
            label="Risks"
            rows={3}
            value={field.value}
            onChange={field.onChange}
            onBlur={field.onBlur}
            errorMessage={fieldState.error?.message}
            maxLength={LIMITS.risks.max}
            description="The risks of the recommended treatment for this patient."
            isRequired
          />
        )}
      />
      <Controller
        control={control}
        name="pros"
        rules={{ validate: lengthRule(LIMITS.pros) }}
        render={({ field, fieldState }) => (
          <TextArea
            label="Pros"
            rows={3}
            value={field.value}
            onChange={field.onChange}
            onBlur={field.onBlur}
            errorMessage={fieldState.error?.message}
            maxLength={LIMITS.pros.max}
            description="What speaks for the recommendation."
            isRequired
          />
        )}
      />
      <Controller
        control={control}
        name="cons"
        rules={{ validate: lengthRule(LIMITS.cons) }}
        render={({ field, fieldState }) => (
          <TextArea
            label="Cons"
            rows={3}
            value={field.value}
            onChange={field.onChange}
            onBlur={field.onBlur}
            errorMessage={fieldState.error?.message}
            maxLength={LIMITS.cons.max}
            description="What speaks against it."
            isRequired
          />
        )}
      />
      {kept ? (
        <p className="muted small">
          Your draft is kept in this browser tab as you type, so a reload does not lose it. Nobody
          sees it until you submit.
        </p>
      ) : (
        <p className="notice notice-warning">
          This browser does not let the page keep your draft: it is lost if you reload or close the
          tab before submitting.
        </p>
      )}
      {notYet ? <p className="notice notice-warning">{notYet}</p> : null}
      <FormError message={problem} />
      <div>
        <Button type="submit" variant="primary" isDisabled={notYet !== null}>
          Submit the assessment…
        </Button>
      </div>
      <Dialog
        title="Submit your assessment?"
        role="alertdialog"
        isOpen={confirming !== null}
        onOpenChange={(open) => {
          if (!open && !sending) setConfirming(null);
        }}
      >
        <div className="stack">
          <p>Once submitted, your assessment cannot be changed. {revealed}</p>
          <div className="dialog-actions">
            <Button slot="close" isDisabled={sending}>
              Keep editing
            </Button>
            <Button variant="primary" onPress={() => void send()} isPending={sending}>
              Submit assessment
            </Button>
          </div>
        </div>
      </Dialog>
    </SubmitForm>
  );
}

/**
 * A refusal shown on the form: what the server said about a field under that field; what it
 * said about the alternatives, for under their list; the rest, in words, for above the button.
 */
function showRefusal(
  setError: UseFormSetError<AssessmentValues>,
  error: unknown,
): { alternatives: string | null; rest: string | null } {
  if (!(error instanceof ApiError) || error.details.length === 0)
    return { alternatives: null, rest: errorMessage(error) };
  const alternatives: string[] = [];
  const rest: string[] = [];
  for (const detail of error.details) {
    const field = TEXT_FIELDS.find((name) => detail.field === name);
    if (field) {
      setError(field, { type: 'server', message: asSentence(fieldWords(field, detail.message)) });
    } else if (detail.field?.startsWith('alternatives')) {
      alternatives.push(asSentence(detail.message));
    } else {
      rest.push(asSentence(detail.message));
    }
  }
  return {
    alternatives: alternatives.length > 0 ? alternatives.join(' ') : null,
    rest: rest.length > 0 ? rest.join(' ') : null,
  };
}
