import {
  Button as AriaButton,
  ComboBox,
  FieldError,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Text,
} from 'react-aria-components';

interface Choice {
  id: string;
  label: string;
}

/** One of a long list (countries, languages), found by typing part of its name. */
export function ChoiceField({
  label,
  choices,
  value,
  onChange,
  onBlur,
  description,
  errorMessage,
  isRequired,
  isDisabled,
}: {
  label: string;
  choices: readonly Choice[];
  value: string;
  onChange: (id: string) => void;
  onBlur?: () => void;
  description?: string;
  errorMessage?: string | undefined;
  isRequired?: boolean;
  isDisabled?: boolean;
}) {
  return (
    <ComboBox
      className="field"
      defaultItems={choices}
      selectedKey={value || null}
      onSelectionChange={(key) => onChange(key === null ? '' : String(key))}
      onBlur={onBlur}
      isInvalid={Boolean(errorMessage)}
      isRequired={isRequired}
      isDisabled={isDisabled}
      validationBehavior="aria"
      menuTrigger="focus"
    >
      <Label>
        {label}
        {isRequired ? <span aria-hidden="true"> *</span> : null}
      </Label>
      <div className="combo">
        <Input />
        <AriaButton className="combo-button" aria-label={`Show the list: ${label}`}>
          ▾
        </AriaButton>
      </div>
      <div className="field-help">
        {description ? <Text slot="description">{description}</Text> : null}
        <FieldError>{errorMessage}</FieldError>
      </div>
      <Popover className="popover">
        <ListBox className="listbox">
          {(item: Choice) => (
            <ListBoxItem id={item.id} className="listbox-item" textValue={item.label}>
              {item.label}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </ComboBox>
  );
}
