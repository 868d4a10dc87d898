import { useId } from 'react';
import { FieldError, Label, Radio, RadioGroup } from 'react-aria-components';
import type { Definition } from './words';

/**
 * A required choice among a few classes, each named by its label and described by its
 * definition (read after the name, not as part of it).
 */
export function ChoiceGroup<Id extends string>({
  label,
  choices,
  definitions,
  value,
  onChange,
  errorMessage,
  isDisabled,
}: {
  label: string;
  choices: readonly Id[];
  definitions: Record<Id, Definition>;
  value: Id | null;
  onChange: (value: Id) => void;
  errorMessage?: string | undefined;
  isDisabled?: boolean;
}) {
  const base = useId();
  return (
    <RadioGroup
      className="reviews-choices"
      value={value}
      onChange={(chosen) => onChange(chosen as Id)}
      isInvalid={Boolean(errorMessage)}
      isDisabled={isDisabled}
      isRequired
      validationBehavior="aria"
    >
      <Label className="reviews-choices-label">
        {label}
        <span aria-hidden="true"> *</span>
      </Label>
      {choices.map((id) => (
        <div key={id} className="reviews-choice">
          <Radio value={id} className="reviews-radio" aria-describedby={`${base}-${id}`}>
            {definitions[id].label}
          </Radio>
          <p id={`${base}-${id}`} className="reviews-choice-definition muted small">
            {definitions[id].definition}
          </p>
        </div>
      ))}
      <FieldError className="field-error">{errorMessage}</FieldError>
    </RadioGroup>
  );
}
