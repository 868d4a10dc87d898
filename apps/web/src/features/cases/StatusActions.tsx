import { useState } from 'react';
import { Form } from 'react-aria-components';
import { ApiError, errorMessage } from '../../api/errors';
import type { CaseDetailView } from '../../api/types';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { FormError, TextArea } from '../../ui/fields';
import { useChangeStatus } from './queries';

/**
 * The status changes a case's editor may make here: mark ready (when the checklist is met),
 * return to preparation, withdraw with a reason. Scheduling, discussion and deferral happen on
 * the meeting's agenda.
 */
export function StatusActions({ detail }: { detail: CaseDetailView }) {
  const change = useChangeStatus(detail.id, detail.boardId);
  const [problem, setProblem] = useState<string | null>(null);
  const [withdrawing, setWithdrawing] = useState(false);
  const canMarkReady = detail.status === 'draft' || detail.status === 'deferred';
  const canReturn = detail.status === 'ready';
  const canWithdraw = ['draft', 'ready', 'scheduled', 'deferred'].includes(detail.status);
  if (!canMarkReady && !canReturn && !canWithdraw) return null;

  const run = async (status: 'draft' | 'ready') => {
    setProblem(null);
    try {
      await change.mutateAsync({ status });
    } catch (error) {
      if (error instanceof ApiError && error.fieldMessages('readiness').length > 0) {
        setProblem(`The case is not ready yet: ${error.fieldMessages('readiness').join('; ')}.`);
      } else {
        setProblem(errorMessage(error));
      }
    }
  };

  return (
    <div className="stack">
      <div className="form-actions">
        {canMarkReady ? (
          <Button
            variant="primary"
            onPress={() => void run('ready')}
            isDisabled={!detail.readiness.ready}
            isPending={change.isPending && change.variables?.status === 'ready'}
          >
            Mark ready for the board
          </Button>
        ) : null}
        {canReturn ? (
          <Button
            onPress={() => void run('draft')}
            isPending={change.isPending && change.variables?.status === 'draft'}
          >
            Return to preparation
          </Button>
        ) : null}
        {canWithdraw ? (
          <Button variant="quiet" onPress={() => setWithdrawing(true)}>
            Withdraw case…
          </Button>
        ) : null}
      </div>
      {canMarkReady && !detail.readiness.ready ? (
        <p className="muted small">
          It can be marked ready once the readiness checklist is met (
          {detail.readiness.missing.length === 1
            ? '1 item open'
            : `${detail.readiness.missing.length} items open`}
          ).
        </p>
      ) : null}
      <FormError message={problem} />
      {withdrawing ? (
        <WithdrawDialog detail={detail} onClose={() => setWithdrawing(false)} />
      ) : null}
    </div>
  );
}

function WithdrawDialog({ detail, onClose }: { detail: CaseDetailView; onClose: () => void }) {
  const change = useChangeStatus(detail.id, detail.boardId);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async () => {
    setProblem(null);
    if (reason.trim().length < 2) {
      setReasonError('Say why the case is withdrawn (at least 2 characters).');
      return;
    }
    setReasonError(undefined);
    try {
      await change.mutateAsync({ status: 'withdrawn', reason: reason.trim() });
      onClose();
    } catch (error) {
      if (error instanceof ApiError && error.fieldMessages('reason').length > 0) {
        setReasonError(error.fieldMessages('reason').join(' '));
      } else {
        setProblem(errorMessage(error));
      }
    }
  };

  return (
    <Dialog
      title={`Withdraw ${detail.patientRef}?`}
      isOpen
      onOpenChange={(open) => {
        if (!open && !change.isPending) onClose();
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
          A withdrawn case can no longer be edited (except for its first treatment) and takes no new
          records or preparation requests. This cannot be undone.
          {detail.status === 'scheduled'
            ? ' It is on a meeting agenda: ask the coordinator to take it off the agenda too.'
            : ''}
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
          <Button slot="close" isDisabled={change.isPending}>
            Keep the case
          </Button>
          <Button type="submit" variant="danger" isPending={change.isPending}>
            Withdraw case
          </Button>
        </div>
      </Form>
    </Dialog>
  );
}
