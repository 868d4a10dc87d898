import { useState } from 'react';
import { Controller, useFieldArray, useForm } from 'react-hook-form';
import type { TreatmentIntent, TreatmentModality } from '@app/contracts';
import { Button } from '../../ui/Button';
import { FormError, SelectField, SubmitForm, TextArea, TextInput } from '../../ui/fields';
import { useOpenVote, type OpenVotePayload, type VoteLink } from './liveVotes';
import { ModalitiesField } from './ModalitiesField';
import type { VoteOption } from './queries';
import { INTENT_LABELS, liveProblem, optionName } from './words';

/** The limits of the server's OpenVoteDto and ProposedRecommendationDto. */
const VOTE_LIMITS = { question: 1000, minOptions: 1, maxOptions: 8, text: 2000, sequence: 1000 };

interface OptionValues {
  text: string;
  intent: TreatmentIntent | null;
  modalities: TreatmentModality[];
  sequence: string;
}

interface OpenVoteValues {
  question: string;
  options: OptionValues[];
}

const INTENT_OPTIONS = (Object.keys(INTENT_LABELS) as TreatmentIntent[]).map((id) => ({
  id,
  label: INTENT_LABELS[id],
}));

const blankOption = (): OptionValues => ({ text: '', intent: null, modalities: [], sequence: '' });

function optionValues(option: Omit<VoteOption, 'id'>): OptionValues {
  return {
    text: option.text,
    intent: option.intent,
    modalities: [...option.modalities],
    sequence: option.sequence ?? '',
  };
}

function toPayload(values: OpenVoteValues): OpenVotePayload {
  return {
    question: values.question.trim(),
    options: values.options.map((option) => {
      const sequence = option.sequence.trim();
      return {
        text: option.text.trim(),
        // The form does not submit without an intent.
        intent: option.intent as TreatmentIntent,
        modalities: option.modalities,
        ...(sequence ? { sequence } : {}),
      };
    }),
  };
}

const required =
  (empty: string, max: number, tooLong: string) =>
  (value: string): string | true => {
    const length = value.trim().length;
    if (length === 0) return empty;
    return length <= max || tooLong;
  };

/**
 * The form that opens a vote on the focused case: the question, and the proposals the panel
 * chooses between (each with its intent and its treatments in order). Members may always
 * abstain, so a single proposal is a yes-or-abstain vote.
 */
export function OpenVoteForm({
  live,
  meetingId,
  question,
  options,
  onOpened,
  onCancel,
}: {
  live: VoteLink;
  meetingId: string;
  /** What the form starts with: the case's question, or an earlier round's. */
  question: string;
  options?: readonly Omit<VoteOption, 'id'>[];
  onOpened?: () => void;
  onCancel?: () => void;
}) {
  const open = useOpenVote(live, meetingId);
  const [problem, setProblem] = useState<string | null>(null);
  const { control, handleSubmit } = useForm<OpenVoteValues>({
    defaultValues: {
      question,
      options: options?.length ? options.map(optionValues) : [blankOption(), blankOption()],
    },
  });
  const { fields, append, remove } = useFieldArray({ control, name: 'options' });

  const submit = handleSubmit(async (values) => {
    setProblem(null);
    try {
      await open.mutateAsync(toPayload(values));
      onOpened?.();
    } catch (error) {
      setProblem(liveProblem(error));
    }
  });

  return (
    <SubmitForm onSubmit={submit} aria-label="Open a vote">
      <Controller
        control={control}
        name="question"
        rules={{
          validate: required(
            'Write the question the panel votes on.',
            VOTE_LIMITS.question,
            `Keep the question to ${VOTE_LIMITS.question} characters.`,
          ),
        }}
        render={({ field, fieldState }) => (
          <TextArea
            label="Question"
            rows={2}
            value={field.value}
            onChange={field.onChange}
            onBlur={field.onBlur}
            errorMessage={fieldState.error?.message}
            maxLength={VOTE_LIMITS.question}
            isRequired
          />
        )}
      />
      <ol className="list-plain stack">
        {fields.map((item, index) => (
          <li key={item.id}>
            <fieldset className="group vote-option-editor">
              <legend>{optionName(index)}</legend>
              <div className="stack">
                <Controller
                  control={control}
                  name={`options.${index}.text`}
                  rules={{
                    validate: required(
                      'Describe the recommendation.',
                      VOTE_LIMITS.text,
                      `Keep it to ${VOTE_LIMITS.text} characters.`,
                    ),
                  }}
                  render={({ field, fieldState }) => (
                    <TextArea
                      label="Recommendation"
                      rows={2}
                      value={field.value}
                      onChange={field.onChange}
                      onBlur={field.onBlur}
                      errorMessage={fieldState.error?.message}
                      maxLength={VOTE_LIMITS.text}
                      description="For example: neoadjuvant chemo-immunotherapy, then lobectomy."
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
                    rules={{
                      validate: (value) =>
                        value.trim().length <= VOTE_LIMITS.sequence ||
                        `Keep the sequence to ${VOTE_LIMITS.sequence} characters.`,
                    }}
                    render={({ field, fieldState }) => (
                      <TextInput
                        label="Sequence (optional)"
                        value={field.value}
                        onChange={field.onChange}
                        onBlur={field.onBlur}
                        inputRef={field.ref}
                        errorMessage={fieldState.error?.message}
                        maxLength={VOTE_LIMITS.sequence}
                        placeholder="3 cycles, then surgery within 6 weeks"
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
                    <ModalitiesField
                      value={field.value}
                      onChange={field.onChange}
                      errorMessage={fieldState.error?.message}
                    />
                  )}
                />
                {fields.length > VOTE_LIMITS.minOptions ? (
                  <div>
                    <Button size="small" variant="quiet" onPress={() => remove(index)}>
                      Remove {optionName(index)}
                    </Button>
                  </div>
                ) : null}
              </div>
            </fieldset>
          </li>
        ))}
      </ol>
      <div className="row vote-form-actions">
        {fields.length < VOTE_LIMITS.maxOptions ? (
          <Button size="small" onPress={() => append(blankOption())}>
            Add an option
          </Button>
        ) : (
          <p className="muted small">A vote has at most {VOTE_LIMITS.maxOptions} options.</p>
        )}
        <p className="muted small">Members may also abstain.</p>
      </div>
      <FormError message={problem} />
      <div className="dialog-actions">
        {onCancel ? (
          <Button onPress={onCancel} isDisabled={open.isPending}>
            Cancel
          </Button>
        ) : null}
        <Button type="submit" variant="primary" isPending={open.isPending}>
          Open the vote
        </Button>
      </div>
    </SubmitForm>
  );
}
