import { useState } from 'react';
import { Form } from 'react-aria-components';
import { ApiError, errorMessage } from '../../api/errors';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { FormError, TextArea } from '../../ui/fields';
import { useCancelPreparation, useCompletePreparation } from './queries';

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
  const [finding, setFinding] = useState('');
  const [findingError, setFindingError] = useState<string | undefined>();
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async () => {
    setProblem(null);
    if (finding.trim().length < 2) {
      setFindingError('Write the finding (at least 2 characters).');
      return;
    }
    setFindingError(undefined);
    try {
      await complete.mutateAsync({ requestId, finding: finding.trim() });
      setFinding('');
    } catch (error) {
      if (error instanceof ApiError && error.fieldMessages('finding').length > 0) {
        setFindingError(error.fieldMessages('finding').join(' '));
      } else if (error instanceof ApiError && error.code === 'preparation_not_open') {
        setProblem('This request was already completed or cancelled by someone else.');
      } else {
        setProblem(errorMessage(error));
      }
    }
  };

  return (
    <Form
      className="stack"
      validationBehavior="aria"
      aria-label={`Finding for ${title}`}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <TextArea
        label="Finding"
        rows={3}
        value={finding}
        onChange={setFinding}
        errorMessage={findingError}
        description="Short and specific: the board reads it in the readiness checklist."
        maxLength={4000}
        isRequired
      />
      <FormError message={problem} />
      <div>
        <Button type="submit" variant="primary" size="small" isPending={complete.isPending}>
          Mark done
        </Button>
      </div>
    </Form>
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
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async () => {
    setProblem(null);
    if (reason.trim().length < 2) {
      setReasonError('Say why the request is cancelled (at least 2 characters).');
      return;
    }
    setReasonError(undefined);
    try {
      await cancel.mutateAsync({ requestId, reason: reason.trim() });
      onClose();
    } catch (error) {
      if (error instanceof ApiError && error.fieldMessages('reason').length > 0) {
        setReasonError(error.fieldMessages('reason').join(' '));
      } else if (error instanceof ApiError && error.code === 'preparation_not_open') {
        setProblem('This request was already completed or cancelled by someone else.');
      } else {
        setProblem(errorMessage(error));
      }
    }
  };

  return (
    <Dialog
      title="Cancel this request?"
      isOpen
      onOpenChange={(open) => {
        if (!open && !cancel.isPending) onClose();
      }}
    >
      <Form
        className="stack"
        validationBehavior="aria"
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <p>
          {title}. A cancelled request no longer counts in the readiness checklist; the reason is
          kept with it.
        </p>
        <TextArea
          label="Reason"
          rows={3}
          value={reason}
          onChange={setReason}
          errorMessage={reasonError}
          maxLength={1000}
          isRequired
        />
        <FormError message={problem} />
        <div className="dialog-actions">
          <Button slot="close" isDisabled={cancel.isPending}>
            Keep the request
          </Button>
          <Button type="submit" variant="danger" isPending={cancel.isPending}>
            Cancel request
          </Button>
        </div>
      </Form>
    </Dialog>
  );
}
