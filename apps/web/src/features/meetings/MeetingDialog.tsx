import type { ReactNode } from 'react';
import { Dialog } from '../../ui/Dialog';

/** How the screen that opens a meeting dialog controls it. */
export interface MeetingDialogState {
  isOpen: boolean;
  onOpenChange: (open: boolean) => void;
}

/**
 * A dialog around a meeting form: once the server has made the change, the form calls `done`,
 * which closes the dialog and then reports the result. The form's cancel button is the dialog's
 * close button (`slot="close"`), so it does what Escape does.
 */
export function MeetingDialog<Result>({
  title,
  role,
  isOpen,
  onOpenChange,
  onDone,
  form,
}: MeetingDialogState & {
  title: string;
  role?: 'dialog' | 'alertdialog';
  onDone: (result: Result) => void;
  form: (done: (result: Result) => void) => ReactNode;
}) {
  return (
    <Dialog title={title} role={role} isOpen={isOpen} onOpenChange={onOpenChange}>
      {form((result) => {
        onOpenChange(false);
        onDone(result);
      })}
    </Dialog>
  );
}
