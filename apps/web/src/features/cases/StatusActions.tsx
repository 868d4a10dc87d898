import { useState } from 'react';
import { ApiError, errorMessage } from '../../api/errors';
import type { CaseDetailView } from '../../api/types';
import { Button } from '../../ui/Button';
import { FormError } from '../../ui/fields';
import { ReasonDialog, reasonRefusal } from '../../ui/ReasonDialog';
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
  return (
    <ReasonDialog
      title={`Withdraw ${detail.patientRef}?`}
      onClose={onClose}
      lengthMessage="Say why the case is withdrawn (at least 2 characters)."
      keepLabel="Keep the case"
      confirmLabel="Withdraw case"
      confirmVariant="danger"
      isPending={change.isPending}
      {...reasonRefusal(change.error, 'reason')}
      onInvalid={change.reset}
      onSubmit={(reason) => change.mutateAsync({ status: 'withdrawn', reason }).then(onClose)}
    >
      <p>
        A withdrawn case can no longer be edited (except for its first treatment) and takes no new
        records or preparation requests. This cannot be undone.
        {detail.status === 'scheduled'
          ? ' It is on a meeting agenda: ask the coordinator to take it off the agenda too.'
          : ''}
      </p>
    </ReasonDialog>
  );
}
