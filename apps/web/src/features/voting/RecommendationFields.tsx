import {
  Controller,
  useFieldArray,
  useForm,
  type FieldPath,
  type UseFormReturn,
} from 'react-hook-form';
import { ApiError, asSentence, errorMessage, fieldWords } from '../../api/errors';
import type { Schemas } from '../../api/types';
import { Button } from '../../ui/Button';
import { TextArea, TextInput } from '../../ui/fields';
import type { RecommendationBody } from './queries';

/** The limits of the server's RecommendationDto and its parts. */
const LIMITS = {
  rationale: 10_000,
  references: 20,
  citation: 500,
  evidenceCategory: 50,
  trials: 10,
  trialTitle: 300,
};

interface ContentValues {
  rationale: string;
  guidelineReferences: Array<{ citation: string; evidenceCategory: string }>;
  trialReferrals: Array<{ nctId: string; title: string }>;
}

type ContentForm = UseFormReturn<ContentValues>;

export function contentValues(content?: Schemas['RecommendationContent']): ContentValues {
  return {
    rationale: content?.rationale ?? '',
    guidelineReferences: (content?.guidelineReferences ?? []).map((reference) => ({
      ...reference,
    })),
    trialReferrals: (content?.trialReferrals ?? []).map((trial) => ({
      nctId: trial.nctId,
      title: trial.title ?? '',
    })),
  };
}

export function useContentForm(content?: Schemas['RecommendationContent']): ContentForm {
  return useForm<ContentValues>({ defaultValues: contentValues(content) });
}

/**
 * A ClinicalTrials.gov identifier as the registry writes it, from what was typed: surrounding
 * spaces dropped and the prefix in capitals (`nct04368728` → `NCT04368728`); null when it is
 * not NCT followed by exactly 8 digits (the server's rule).
 */
export function normaliseNctId(value: string): string | null {
  const match = /^nct(\d{8})$/i.exec(value.trim());
  return match ? `NCT${match[1]}` : null;
}

export function contentBody(values: ContentValues): RecommendationBody {
  return {
    rationale: values.rationale.trim(),
    guidelineReferences: values.guidelineReferences.map((reference) => ({
      citation: reference.citation.trim(),
      evidenceCategory: reference.evidenceCategory.trim(),
    })),
    trialReferrals: values.trialReferrals.map((trial) => {
      const title = trial.title.trim();
      return {
        // The form does not submit an identifier it cannot normalise.
        nctId: normaliseNctId(trial.nctId) as string,
        ...(title ? { title } : {}),
      };
    }),
  };
}

const FORM_FIELD =
  /^(rationale|guidelineReferences\.\d+\.(citation|evidenceCategory)|trialReferrals\.\d+\.(nctId|title))$/;

/**
 * Shows a refusal on the form: what the server said about a field under that field, and
 * returns the rest, in words, for above the buttons (null when every problem has its field).
 */
export function showRefusal(form: ContentForm, error: unknown): string | null {
  if (!(error instanceof ApiError) || error.details.length === 0) return errorMessage(error);
  const rest: string[] = [];
  for (const detail of error.details) {
    if (detail.field && FORM_FIELD.test(detail.field)) {
      form.setError(detail.field as FieldPath<ContentValues>, {
        type: 'server',
        message: asSentence(fieldWords(detail.field, detail.message)),
      });
    } else {
      rest.push(asSentence(detail.message));
    }
  }
  return rest.length > 0 ? rest.join(' ') : null;
}

const text =
  (what: string, max: number, required = true) =>
  (value: string): string | true => {
    const length = value.trim().length;
    if (length === 0) return required ? `${what} is required.` : true;
    return length <= max || `${what}: at most ${max.toLocaleString('en-GB')} characters.`;
  };

/**
 * The parts of a recommendation the board writes itself: the rationale, the guideline
 * references behind it (each with its evidence category) and the clinical trials the patient
 * is referred to. Checked here by the server's rules before anything is sent.
 */
export function RecommendationFields({ form }: { form: ContentForm }) {
  const { control } = form;
  const references = useFieldArray({ control, name: 'guidelineReferences' });
  const trials = useFieldArray({ control, name: 'trialReferrals' });
  return (
    <div className="stack">
      <Controller
        control={control}
        name="rationale"
        rules={{ validate: text('The rationale', LIMITS.rationale) }}
        render={({ field, fieldState }) => (
          <TextArea
            label="Rationale"
            rows={5}
            value={field.value}
            onChange={field.onChange}
            onBlur={field.onBlur}
            errorMessage={fieldState.error?.message}
            maxLength={LIMITS.rationale}
            description="Why the board recommends this: the findings, the guideline and the patient’s situation that decided it."
            isRequired
          />
        )}
      />
      <fieldset className="group">
        <legend>Guideline references</legend>
        {references.fields.length === 0 ? (
          <p className="muted small">No guideline cited.</p>
        ) : (
          <ol className="list-plain stack">
            {references.fields.map((item, index) => (
              <li key={item.id} className="reference-row">
                <Controller
                  control={control}
                  name={`guidelineReferences.${index}.citation`}
                  rules={{ validate: text('The citation', LIMITS.citation) }}
                  render={({ field, fieldState }) => (
                    <TextInput
                      label={`Citation ${index + 1}`}
                      value={field.value}
                      onChange={field.onChange}
                      onBlur={field.onBlur}
                      inputRef={field.ref}
                      errorMessage={fieldState.error?.message}
                      maxLength={LIMITS.citation}
                      placeholder="NCCN NSCLC v3.2026, NSCL-7"
                      isRequired
                    />
                  )}
                />
                <Controller
                  control={control}
                  name={`guidelineReferences.${index}.evidenceCategory`}
                  rules={{ validate: text('The evidence category', LIMITS.evidenceCategory) }}
                  render={({ field, fieldState }) => (
                    <TextInput
                      label="Evidence category"
                      value={field.value}
                      onChange={field.onChange}
                      onBlur={field.onBlur}
                      inputRef={field.ref}
                      errorMessage={fieldState.error?.message}
                      maxLength={LIMITS.evidenceCategory}
                      description="As the guideline grades it: NCCN 2A, ESMO I, A…"
                      isRequired
                    />
                  )}
                />
                <Button
                  size="small"
                  variant="quiet"
                  className="row-remove"
                  onPress={() => references.remove(index)}
                >
                  Remove citation {index + 1}
                </Button>
              </li>
            ))}
          </ol>
        )}
        {references.fields.length < LIMITS.references ? (
          <div>
            <Button
              size="small"
              onPress={() => references.append({ citation: '', evidenceCategory: '' })}
            >
              Add a guideline reference
            </Button>
          </div>
        ) : (
          <p className="muted small">At most {LIMITS.references} references.</p>
        )}
      </fieldset>
      <fieldset className="group">
        <legend>Clinical trial referrals</legend>
        {trials.fields.length === 0 ? (
          <p className="muted small">No trial referral.</p>
        ) : (
          <ol className="list-plain stack">
            {trials.fields.map((item, index) => (
              <li key={item.id} className="reference-row">
                <Controller
                  control={control}
                  name={`trialReferrals.${index}.nctId`}
                  rules={{
                    validate: (value) =>
                      normaliseNctId(value) !== null ||
                      (value.trim() === ''
                        ? 'The trial’s NCT number is required.'
                        : 'Must be NCT followed by 8 digits, such as NCT04368728.'),
                  }}
                  render={({ field, fieldState }) => (
                    <TextInput
                      label={`NCT number of trial ${index + 1}`}
                      value={field.value}
                      onChange={field.onChange}
                      onBlur={field.onBlur}
                      inputRef={field.ref}
                      errorMessage={fieldState.error?.message}
                      maxLength={20}
                      placeholder="NCT04368728"
                      isRequired
                    />
                  )}
                />
                <Controller
                  control={control}
                  name={`trialReferrals.${index}.title`}
                  rules={{ validate: text('The title', LIMITS.trialTitle, false) }}
                  render={({ field, fieldState }) => (
                    <TextInput
                      label="Trial title (optional)"
                      value={field.value}
                      onChange={field.onChange}
                      onBlur={field.onBlur}
                      inputRef={field.ref}
                      errorMessage={fieldState.error?.message}
                      maxLength={LIMITS.trialTitle}
                    />
                  )}
                />
                <Button
                  size="small"
                  variant="quiet"
                  className="row-remove"
                  onPress={() => trials.remove(index)}
                >
                  Remove trial {index + 1}
                </Button>
              </li>
            ))}
          </ol>
        )}
        {trials.fields.length < LIMITS.trials ? (
          <div>
            <Button size="small" onPress={() => trials.append({ nctId: '', title: '' })}>
              Add a trial referral
            </Button>
          </div>
        ) : (
          <p className="muted small">At most {LIMITS.trials} trial referrals.</p>
        )}
      </fieldset>
    </div>
  );
}
