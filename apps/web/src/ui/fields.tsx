import type { ReactNode } from 'react';
import {
  Checkbox,
  FieldError,
  Form,
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

/** What a text or number field takes from the common props: its class and its state. */
function fieldState(
  {
    className,
    isRequired,
    isDisabled,
    isReadOnly,
  }: Pick<Common, 'className' | 'isRequired' | 'isDisabled' | 'isReadOnly'>,
  error: string | undefined,
) {
  return {
    className: fieldClass(className),
    isRequired,
    isDisabled,
    isReadOnly,
    isInvalid: Boolean(error),
    validationBehavior: 'aria' as const,
  };
}

/** A field's label; a required field's asterisk is for the eye only (the input says "required"). */
function FieldLabel({ label, isRequired }: { label: string; isRequired: boolean | undefined }) {
  return (
    <Label>
      {label}
      {isRequired ? <span aria-hidden="true"> *</span> : null}
    </Label>
  );
}

/**
 * What stands under a field: its description, then its error (both read with the field). One
 * element, so that every field is three parts (label, control, help) that a form grid lines up
 * across a row.
 */
function FieldHelp({ description, errorMessage }: Pick<Common, 'description' | 'errorMessage'>) {
  return (
    <div className="field-help">
      {description ? <Text slot="description">{description}</Text> : null}
      <FieldError>{errorMessage}</FieldError>
    </div>
  );
}

type TextProps = Common & {
  value?: string;
  onChange?: (value: string) => void;
  onBlur?: () => void;
  name?: string;
  maxLength?: number;
};

/** A text field, one line or several: label, the control it is given, description and error. */
function TextFieldFrame({
  label,
  description,
  errorMessage,
  value,
  onChange,
  onBlur,
  name,
  maxLength,
  type,
  autoComplete,
  children,
  ...rest
}: TextProps & { type?: string; autoComplete?: string; children: ReactNode }) {
  return (
    <TextField
      {...fieldState(rest, errorMessage)}
      type={type}
      name={name}
      value={value ?? ''}
      onChange={onChange}
      onBlur={onBlur}
      autoComplete={autoComplete}
      maxLength={maxLength}
    >
      <FieldLabel label={label} isRequired={rest.isRequired} />
      {children}
      <FieldHelp description={description} errorMessage={errorMessage} />
    </TextField>
  );
}

export function TextInput({
  type = 'text',
  placeholder,
  inputRef,
  ...props
}: TextProps & {
  type?: 'text' | 'email' | 'password' | 'search' | 'url' | 'date' | 'datetime-local' | 'time';
  autoComplete?: string;
  placeholder?: string;
  inputRef?: React.Ref<HTMLInputElement>;
}) {
  return (
    <TextFieldFrame {...props} type={type}>
      <Input placeholder={placeholder} ref={inputRef} />
    </TextFieldFrame>
  );
}

export function TextArea({ rows = 4, ...props }: TextProps & { rows?: number }) {
  return (
    <TextFieldFrame {...props}>
      <AriaTextArea rows={rows} />
    </TextFieldFrame>
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
      <FieldLabel label={label} isRequired={rest.isRequired} />
      <AriaButton className="select-trigger">
        <SelectValue />
        <span aria-hidden="true" className="select-chevron">
          ▾
        </span>
      </AriaButton>
      <FieldHelp description={description} errorMessage={errorMessage} />
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
      {...fieldState(rest, errorMessage)}
      value={value ?? Number.NaN}
      onChange={(next) => onChange(Number.isNaN(next) ? null : next)}
      minValue={minValue}
      maxValue={maxValue}
      step={step}
      formatOptions={{ useGrouping: false }}
    >
      <FieldLabel label={label} isRequired={rest.isRequired} />
      <Group className="number-group">
        <Input />
      </Group>
      <FieldHelp description={description} errorMessage={errorMessage} />
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

/**
 * A form laid out as a stack. Submitting it (Enter in a field, or its submit button) runs
 * `onSubmit` without loading a page; its fields report problems through ARIA rather than the
 * browser's own bubbles.
 */
export function SubmitForm({
  onSubmit,
  children,
  'aria-label': ariaLabel,
}: {
  onSubmit: () => unknown;
  children: ReactNode;
  'aria-label'?: string;
}) {
  return (
    <Form
      className="stack"
      validationBehavior="aria"
      aria-label={ariaLabel}
      onSubmit={(event) => {
        event.preventDefault();
        void onSubmit();
      }}
    >
      {children}
    </Form>
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
