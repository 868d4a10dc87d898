import { ApiError, errorMessage } from '../../api/errors';
import { ReasonDialog, ReasonForm, reasonRefusal } from '../../ui/ReasonDialog';
import { useCancelPreparation, useCompletePreparation } from './queries';

/** A refusal of a change to a request, in words; a request someone else closed says so. */
function requestRefusal(error: unknown): string {
  return error instanceof ApiError && error.code === 'preparation_not_open'
    ? 'This request was already completed or cancelled by someone else.'
    : errorMessage(error);
}

/** A reviewer's short finding, which marks the request done. */
export function CompleteForm({
  requestId,
  title,
  onChanged,
}: {
  requestId: string;
  /** What is being reviewed, to label the field unambiguously in a list. */
  title: string;
  onChanged?: () => void;
}) {
  const complete = useCompletePreparation(onChanged);
  return (
    <ReasonForm
      aria-label={`Finding for ${title}`}
      label="Finding"
      description="Short and specific: the board reads it in the readiness checklist."
      maxLength={4000}
      lengthMessage="Write the finding (at least 2 characters)."
      confirmLabel="Mark done"
      confirmSize="small"
      isPending={complete.isPending}
      {...reasonRefusal(complete.error, 'finding', requestRefusal)}
      onInvalid={complete.reset}
      onSubmit={(finding, clear) => complete.mutateAsync({ requestId, finding }).then(clear)}
    />
  );
}

export function CancelRequestDialog({
  requestId,
  title,
  onClose,
  onChanged,
}: {
  requestId: string;
  title: string;
  onClose: () => void;
  onChanged?: () => void;
}) {
  const cancel = useCancelPreparation(onChanged);
  return (
    <ReasonDialog
      title="Cancel this request?"
      onClose={onClose}
      lengthMessage="Say why the request is cancelled (at least 2 characters)."
      keepLabel="Keep the request"
      confirmLabel="Cancel request"
      confirmVariant="danger"
      isPending={cancel.isPending}
      {...reasonRefusal(cancel.error, 'reason', requestRefusal)}
      onInvalid={cancel.reset}
      onSubmit={(reason) => cancel.mutateAsync({ requestId, reason }).then(onClose)}
    >
      <p>
        {title}. A cancelled request no longer counts in the readiness checklist; the reason is kept
        with it.
      </p>
    </ReasonDialog>
  );
}
