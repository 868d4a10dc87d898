import type { ReactNode } from 'react';
import {
  Checkbox,
  FieldError,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  NumberField,
  Popover,
  Select,
  SelectValue,
  Text,
  TextArea as AriaTextArea,
  TextField,
  Button as AriaButton,
  Group,
  type Key,
} from 'react-aria-components';

interface Common {
  label: string;
  description?: ReactNode;
  /** The server's or the form's complaint about this field; shown under it and announced. */
  errorMessage?: string | undefined;
  isRequired?: boolean;
  isDisabled?: boolean;
  isReadOnly?: boolean;
  className?: string;
}

function fieldClass(className?: string): string {
  return ['field', className ?? ''].filter(Boolean).join(' ');
}

export function TextInput({
  label,
  description,
  errorMessage,
  type = 'text',
  value,
  onChange,
  onBlur,
  name,
  autoComplete,
  placeholder,
  maxLength,
  inputRef,
  ...rest
}: Common & {
  type?: 'text' | 'email' | 'password' | 'search' | 'url' | 'date' | 'datetime-local' | 'time';
  value?: string;
  onChange?: (value: string) => void;
  onBlur?: () => void;
  name?: string;
  autoComplete?: string;
  placeholder?: string;
  maxLength?: number;
  inputRef?: React.Ref<HTMLInputElement>;
}) {
  return (
    <TextField
      className={fieldClass(rest.className)}
      type={type}
      name={name}
      value={value ?? ''}
      onChange={onChange}
      onBlur={onBlur}
      autoComplete={autoComplete}
      maxLength={maxLength}
      isRequired={rest.isRequired}
      isDisabled={rest.isDisabled}
      isReadOnly={rest.isReadOnly}
      isInvalid={Boolean(errorMessage)}
      validationBehavior="aria"
    >
      <Label>
        {label}
        {rest.isRequired ? <span aria-hidden="true"> *</span> : null}
      </Label>
      <Input placeholder={placeholder} ref={inputRef} />
      {description ? <Text slot="description">{description}</Text> : null}
      <FieldError>{errorMessage}</FieldError>
    </TextField>
  );
}

export function TextArea({
  label,
  description,
  errorMessage,
  value,
  onChange,
  onBlur,
  name,
  rows = 4,
  maxLength,
  ...rest
}: Common & {
  value?: string;
  onChange?: (value: string) => void;
  onBlur?: () => void;
  name?: string;
  rows?: number;
  maxLength?: number;
}) {
  return (
    <TextField
      className={fieldClass(rest.className)}
      name={name}
      value={value ?? ''}
      onChange={onChange}
      onBlur={onBlur}
      maxLength={maxLength}
      isRequired={rest.isRequired}
      isDisabled={rest.isDisabled}
      isReadOnly={rest.isReadOnly}
      isInvalid={Boolean(errorMessage)}
      validationBehavior="aria"
    >
      <Label>
        {label}
        {rest.isRequired ? <span aria-hidden="true"> *</span> : null}
      </Label>
      <AriaTextArea rows={rows} />
      {description ? <Text slot="description">{description}</Text> : null}
      <FieldError>{errorMessage}</FieldError>
    </TextField>
  );
}

export interface Option {
  id: string;
  label: string;
}

export function SelectField({
  label,
  description,
  errorMessage,
  options,
  value,
  onChange,
  placeholder = 'Choose…',
  ...rest
}: Common & {
  options: readonly Option[];
  value: string | null;
  onChange: (value: string) => void;
  placeholder?: string;
}) {
  return (
    <Select
      className={fieldClass(rest.className)}
      selectedKey={value}
      onSelectionChange={(key: Key | null) => {
        if (key !== null) onChange(String(key));
      }}
      isRequired={rest.isRequired}
      isDisabled={rest.isDisabled || rest.isReadOnly}
      isInvalid={Boolean(errorMessage)}
      validationBehavior="aria"
      placeholder={placeholder}
    >
      <Label>
        {label}
        {rest.isRequired ? <span aria-hidden="true"> *</span> : null}
      </Label>
      <AriaButton className="select-trigger">
        <SelectValue />
        <span aria-hidden="true" className="select-chevron">
          ▾
        </span>
      </AriaButton>
      {description ? <Text slot="description">{description}</Text> : null}
      <FieldError>{errorMessage}</FieldError>
      <Popover className="popover">
        <ListBox className="listbox" items={options}>
          {(option) => (
            <ListBoxItem id={option.id} className="listbox-item" textValue={option.label}>
              {option.label}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </Select>
  );
}

export function NumberInput({
  label,
  description,
  errorMessage,
  value,
  onChange,
  minValue,
  maxValue,
  step,
  ...rest
}: Common & {
  value: number | null;
  onChange: (value: number | null) => void;
  minValue?: number;
  maxValue?: number;
  step?: number;
}) {
  return (
    <NumberField
      className={fieldClass(rest.className)}
      value={value ?? Number.NaN}
      onChange={(next) => onChange(Number.isNaN(next) ? null : next)}
      minValue={minValue}
      maxValue={maxValue}
      step={step}
      isRequired={rest.isRequired}
      isDisabled={rest.isDisabled}
      isReadOnly={rest.isReadOnly}
      isInvalid={Boolean(errorMessage)}
      validationBehavior="aria"
      formatOptions={{ useGrouping: false }}
    >
      <Label>
        {label}
        {rest.isRequired ? <span aria-hidden="true"> *</span> : null}
      </Label>
      <Group className="number-group">
        <Input />
      </Group>
      {description ? <Text slot="description">{description}</Text> : null}
      <FieldError>{errorMessage}</FieldError>
    </NumberField>
  );
}

export function CheckboxField({
  children,
  isSelected,
  onChange,
  isDisabled,
}: {
  children: ReactNode;
  isSelected: boolean;
  onChange: (value: boolean) => void;
  isDisabled?: boolean;
}) {
  return (
    <Checkbox
      className="checkbox"
      isSelected={isSelected}
      onChange={onChange}
      isDisabled={isDisabled}
    >
      <span className="checkbox-box" aria-hidden="true">
        <svg viewBox="0 0 18 18">
          <polyline points="2 9 7 14 16 4" />
        </svg>
      </span>
      {children}
    </Checkbox>
  );
}

/** A message for the whole form (a refusal that names no field). */
export function FormError({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <div className="form-error" role="alert">
      {message}
    </div>
  );
}
