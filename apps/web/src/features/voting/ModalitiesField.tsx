import { useId } from 'react';
import { TREATMENT_MODALITIES, type TreatmentModality } from '@app/contracts';
import { Button } from '../../ui/Button';
import { SelectField } from '../../ui/fields';
import { MODALITY_LABELS } from './words';

/**
 * The treatments of a proposal, in the order they are to be given: a numbered list that can be
 * reordered and trimmed, and a choice that adds the next one.
 */
export function ModalitiesField({
  value,
  onChange,
  errorMessage,
}: {
  value: readonly TreatmentModality[];
  onChange: (value: TreatmentModality[]) => void;
  errorMessage?: string | undefined;
}) {
  const labelId = useId();
  const errorId = useId();
  const remaining = TREATMENT_MODALITIES.filter((modality) => !value.includes(modality));
  const move = (from: number, to: number) => {
    const next = [...value];
    const [moved] = next.splice(from, 1);
    if (moved) next.splice(to, 0, moved);
    onChange(next);
  };
  return (
    <div
      className="field modalities-field"
      role="group"
      aria-labelledby={labelId}
      aria-describedby={errorMessage ? errorId : undefined}
      data-invalid={errorMessage ? true : undefined}
    >
      <span id={labelId} className="modalities-label">
        Treatments, in order<span aria-hidden="true"> *</span>
      </span>
      {value.length === 0 ? (
        <p className="muted small">None chosen yet.</p>
      ) : (
        <ol className="modality-list">
          {value.map((modality, index) => {
            const name = MODALITY_LABELS[modality];
            return (
              <li key={modality} className="modality-item">
                <span className="modality-step" aria-hidden="true">
                  {index + 1}
                </span>
                <span className="modality-name">{name}</span>
                <span className="modality-actions">
                  <Button
                    size="small"
                    variant="quiet"
                    aria-label={`Give ${name} earlier`}
                    isDisabled={index === 0}
                    onPress={() => move(index, index - 1)}
                  >
                    ↑
                  </Button>
                  <Button
                    size="small"
                    variant="quiet"
                    aria-label={`Give ${name} later`}
                    isDisabled={index === value.length - 1}
                    onPress={() => move(index, index + 1)}
                  >
                    ↓
                  </Button>
                  <Button
                    size="small"
                    variant="quiet"
                    aria-label={`Remove ${name}`}
                    onPress={() => onChange(value.filter((item) => item !== modality))}
                  >
                    Remove
                  </Button>
                </span>
              </li>
            );
          })}
        </ol>
      )}
      {remaining.length > 0 ? (
        <SelectField
          label={value.length === 0 ? 'First treatment' : 'Then'}
          options={remaining.map((id) => ({ id, label: MODALITY_LABELS[id] }))}
          value={null}
          onChange={(id) => onChange([...value, id as TreatmentModality])}
          placeholder="Add a treatment…"
        />
      ) : null}
      {errorMessage ? (
        <p className="field-error" id={errorId}>
          {errorMessage}
        </p>
      ) : null}
    </div>
  );
}
