import { useState, type ReactNode } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { ApiError, asSentence, errorMessage, fieldWords } from '../../api/errors';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { FormError, SubmitForm, TextArea } from '../../ui/fields';
import { lengthRule } from './assessment';
import { ChoiceGroup } from './ChoiceGroup';
import type { Definition } from './words';

/** The server's limit on a rationale (ConcordanceDto, ArbitrationDecisionDto). */
const RATIONALE = { min: 1, max: 4000 };

interface VerdictValues<Id extends string> {
  choice: Id | null;
  rationale: string;
}

export interface VerdictFormProps<Id extends string> {
  'aria-label': string;
  /** The API's name for the choice (`classification`, `outcome`), to place its refusals. */
  field: string;
  label: string;
  /** Said when nothing is chosen. */
  missingChoice: string;
  choices: readonly Id[];
  definitions: Record<Id, Definition>;
  /** Whether the choice needs a rationale. */
  needsRationale: (choice: Id | null) => boolean;
  rationaleDescription: string;
  submitLabel: string;
  /** Asked before sending, when the verdict has consequences beyond the review. */
  confirmation?: { title: string; body: ReactNode; confirmLabel: string };
  /** Said above the button. */
  note: ReactNode;
  send: (choice: Id, rationale: string | null) => Promise<unknown>;
}

/**
 * A verdict on the compared opinions with its rationale: the concordance a reviewer classifies,
 * the outcome an arbiter decides. Final once recorded.
 */
export function VerdictForm<Id extends string>(props: VerdictFormProps<Id>) {
  const { field: apiField, choices, definitions, needsRationale, confirmation } = props;
  const form = useForm<VerdictValues<Id>>({
    defaultValues: { choice: null, rationale: '' } as VerdictValues<Id>,
  });
  const { control } = form;
  const choice = useWatch({ control, name: 'choice' }) as Id | null;
  const [pending, setPending] = useState<{ choice: Id; rationale: string | null } | null>(null);
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const send = async (verdict: { choice: Id; rationale: string | null }) => {
    setSending(true);
    setProblem(null);
    try {
      await props.send(verdict.choice, verdict.rationale);
    } catch (error) {
      setPending(null);
      setProblem(
        showRefusal(error, apiField, (name, message) =>
          form.setError(name, { type: 'server', message }),
        ),
      );
    } finally {
      setSending(false);
    }
  };

  const submit = form.handleSubmit((values) => {
    if (!values.choice) return;
    const verdict = { choice: values.choice, rationale: values.rationale.trim() || null };
    setProblem(null);
    if (confirmation) setPending(verdict);
    else void send(verdict);
  });

  return (
    <SubmitForm onSubmit={submit} aria-label={props['aria-label']}>
      <Controller
        control={control}
        name="choice"
        rules={{ validate: (value) => value !== null || props.missingChoice }}
        render={({ field, fieldState }) => (
          <ChoiceGroup
            label={props.label}
            choices={choices}
            definitions={definitions}
            value={field.value as Id | null}
            onChange={field.onChange}
            errorMessage={fieldState.error?.message}
          />
        )}
      />
      <Controller
        control={control}
        name="rationale"
        rules={{
          validate: (value, values) =>
            lengthRule(RATIONALE, needsRationale(values.choice as Id | null))(value),
        }}
        render={({ field, fieldState }) => (
          <TextArea
            label="Rationale"
            rows={4}
            value={field.value}
            onChange={field.onChange}
            onBlur={field.onBlur}
            errorMessage={fieldState.error?.message}
            maxLength={RATIONALE.max}
            description={props.rationaleDescription}
            isRequired={needsRationale(choice)}
          />
        )}
      />
      <p className="muted small">{props.note}</p>
      <FormError message={problem} />
      <div>
        <Button type="submit" variant="primary" isPending={sending && !confirmation}>
          {props.submitLabel}
        </Button>
      </div>
      {confirmation ? (
        <Dialog
          title={confirmation.title}
          role="alertdialog"
          isOpen={pending !== null}
          onOpenChange={(open) => {
            if (!open && !sending) setPending(null);
          }}
        >
          <div className="stack">
            {confirmation.body}
            <div className="dialog-actions">
              <Button slot="close" isDisabled={sending}>
                Go back
              </Button>
              <Button
                variant="primary"
                onPress={() => {
                  if (pending) void send(pending);
                }}
                isPending={sending}
              >
                {confirmation.confirmLabel}
              </Button>
            </div>
          </div>
        </Dialog>
      ) : null}
    </SubmitForm>
  );
}

/** A refusal placed under the choice or the rationale it names; the rest, in words, returned. */
function showRefusal(
  error: unknown,
  choiceField: string,
  place: (name: 'choice' | 'rationale', message: string) => void,
): string | null {
  if (!(error instanceof ApiError) || error.details.length === 0) return errorMessage(error);
  const rest: string[] = [];
  for (const detail of error.details) {
    const message = asSentence(fieldWords(detail.field, detail.message));
    if (detail.field === choiceField) place('choice', message);
    else if (detail.field === 'rationale') place('rationale', message);
    else rest.push(message);
  }
  return rest.length > 0 ? rest.join(' ') : null;
}
