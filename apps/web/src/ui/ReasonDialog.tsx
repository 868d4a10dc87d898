import { useState, type ReactNode } from 'react';
import { errorMessage, fieldProblem } from '../api/errors';
import { Button } from './Button';
import { Dialog } from './Dialog';
import { FormError, SubmitForm, TextArea } from './fields';

export interface ReasonFormProps {
  /** Names the form where nothing else does (a form outside a dialog, one of several in a list). */
  'aria-label'?: string;
  /** What confirming does, said before the field. */
  children?: ReactNode;
  /** The field's label ("Reason" unless said otherwise: "Finding"…). */
  label?: string;
  description?: ReactNode;
  /**
   * The length the trimmed text must have: 2 to 1000 characters unless said otherwise.
   * `maxLength` also stops typing beyond it.
   */
  minLength?: number;
  maxLength?: number;
  /** Said under the field when the text is shorter or longer than that. */
  lengthMessage: string;
  /** An optional reason may be left empty (and is then submitted as ''); one given must fit. */
  isRequired?: boolean;
  confirmLabel: string;
  confirmVariant?: 'primary' | 'danger';
  confirmSize?: 'normal' | 'small';
  /**
   * The button that closes the dialog without acting ("Keep the case", "Back"). A form outside a
   * dialog has none, and its one button stands on its own line.
   */
  keepLabel?: string;
  /** The server is acting on the text: the buttons wait. */
  isPending: boolean;
  /** The server's complaint about the text, shown under the field. */
  fieldError?: string | undefined;
  /** A refusal that names no field, shown above the buttons. */
  formError?: string | null | undefined;
  /**
   * Called with the trimmed text once it fits; `clear` empties the field (after a success). A
   * returned promise's rejection goes no further: the refusal is shown through the errors above.
   */
  onSubmit: (text: string, clear: () => void) => unknown;
  /** Called when the text does not fit, so that an earlier refusal can be cleared. */
  onInvalid?: () => void;
}

/**
 * A form that asks for a short text (why a case is withdrawn, a reviewer's finding) and acts on
 * it: its length is checked before anything is sent, and the server's refusal is shown.
 */
export function ReasonForm({
  'aria-label': ariaLabel,
  children,
  label = 'Reason',
  description,
  minLength = 2,
  maxLength = 1000,
  lengthMessage,
  isRequired = true,
  confirmLabel,
  confirmVariant = 'primary',
  confirmSize = 'normal',
  keepLabel,
  isPending,
  fieldError,
  formError,
  onSubmit,
  onInvalid,
}: ReasonFormProps) {
  const [text, setText] = useState('');
  const [lengthProblem, setLengthProblem] = useState<string | undefined>();

  const confirm = (
    <Button type="submit" variant={confirmVariant} size={confirmSize} isPending={isPending}>
      {confirmLabel}
    </Button>
  );
  return (
    <SubmitForm
      aria-label={ariaLabel}
      onSubmit={() => {
        const trimmed = text.trim();
        if ((isRequired || trimmed) && (trimmed.length < minLength || trimmed.length > maxLength)) {
          setLengthProblem(lengthMessage);
          onInvalid?.();
          return;
        }
        setLengthProblem(undefined);
        void Promise.resolve(onSubmit(trimmed, () => setText(''))).catch(() => undefined);
      }}
    >
      {children}
      <TextArea
        label={label}
        rows={3}
        value={text}
        onChange={setText}
        errorMessage={lengthProblem ?? fieldError}
        description={description}
        maxLength={maxLength}
        isRequired={isRequired}
      />
      <FormError message={formError} />
      {keepLabel ? (
        <div className="dialog-actions">
          {/* The dialog's own close button: it does what Escape does. */}
          <Button slot="close" isDisabled={isPending}>
            {keepLabel}
          </Button>
          {confirm}
        </div>
      ) : (
        <div>{confirm}</div>
      )}
    </SubmitForm>
  );
}

/**
 * A dialog that asks for a reason and confirms: the reason form in a modal dialog, which stays
 * open while the server acts and closes through `onClose` (Escape, the keep button).
 */
export function ReasonDialog({
  title,
  isOpen = true,
  onClose,
  ...form
}: ReasonFormProps & {
  title: string;
  isOpen?: boolean;
  keepLabel: string;
  onClose: () => void;
}) {
  return (
    <Dialog
      title={title}
      isOpen={isOpen}
      onOpenChange={(open) => {
        if (!open && !form.isPending) onClose();
      }}
    >
      <ReasonForm {...form} />
    </Dialog>
  );
}

/**
 * A refusal as a reason form shows it: the server's words about the text's field under the
 * field, anything else above the buttons (in `describe`'s words).
 */
export function reasonRefusal(
  error: unknown,
  field: string,
  describe: (error: unknown) => string = errorMessage,
): Pick<ReasonFormProps, 'fieldError' | 'formError'> {
  if (!error) return {};
  const fieldError = fieldProblem(error, field);
  return fieldError ? { fieldError } : { formError: describe(error) };
}
