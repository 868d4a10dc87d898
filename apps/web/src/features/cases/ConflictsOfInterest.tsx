import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useMe } from '../../api/context';
import { ApiError, errorMessage } from '../../api/errors';
import type { CaseDetailView } from '../../api/types';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { FormError, TextArea } from '../../ui/fields';
import { Card } from '../../ui/Page';
import { dateTimeInZone } from '../../ui/time';
import { useDeclareConflict, useWithdrawConflict } from './queries';

/** Declared conflicts of interest: who, why, since when; declare one, or withdraw mine. */
export function ConflictsOfInterest({
  detail,
  mayDeclare,
  timezone,
}: {
  detail: CaseDetailView;
  mayDeclare: boolean;
  timezone: string;
}) {
  const me = useMe();
  const withdraw = useWithdrawConflict(detail.id, detail.boardId);
  const [declaring, setDeclaring] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const mine = detail.conflicts.find((conflict) => conflict.userId === me.id);

  return (
    <Card
      title="Conflicts of interest"
      actions={
        mayDeclare && !mine ? (
          <Button size="small" onPress={() => setDeclaring(true)}>
            Declare a conflict…
          </Button>
        ) : null
      }
    >
      {detail.conflicts.length === 0 ? (
        <p className="muted">No one has declared a conflict of interest on this case.</p>
      ) : (
        <ul className="list-plain list-rows">
          {detail.conflicts.map((conflict) => (
            <li key={conflict.userId}>
              <div>
                <strong>{conflict.userId === me.id ? 'You' : conflict.displayName}</strong>
                <span className="muted small">
                  {' '}
                  · declared {dateTimeInZone(conflict.declaredAt, timezone)}
                </span>
              </div>
              <div className="pre-line">{conflict.reason}</div>
            </li>
          ))}
        </ul>
      )}
      {mine ? (
        <div className="stack">
          <div>
            <Button
              size="small"
              variant="quiet"
              isPending={withdraw.isPending}
              onPress={async () => {
                setProblem(null);
                try {
                  await withdraw.mutateAsync();
                } catch (error) {
                  setProblem(errorMessage(error));
                }
              }}
            >
              Withdraw my declaration
            </Button>
          </div>
          <FormError message={problem} />
        </div>
      ) : null}
      {declaring ? <DeclareDialog detail={detail} onClose={() => setDeclaring(false)} /> : null}
    </Card>
  );
}

function DeclareDialog({ detail, onClose }: { detail: CaseDetailView; onClose: () => void }) {
  const declare = useDeclareConflict(detail.id, detail.boardId);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async () => {
    setProblem(null);
    if (reason.trim().length < 3) {
      setReasonError('Describe the conflict in a few words (at least 3 characters).');
      return;
    }
    setReasonError(undefined);
    try {
      await declare.mutateAsync(reason.trim());
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
      title="Declare a conflict of interest"
      isOpen
      onOpenChange={(open) => {
        if (!open && !declare.isPending) onClose();
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
          While the declaration stands you will not vote on {detail.patientRef}, and its discussion
          notes are read-only for you. The board sees your name and reason.
        </p>
        <TextArea
          label="Reason"
          rows={3}
          value={reason}
          onChange={setReason}
          errorMessage={reasonError}
          description="For example: I treated this patient privately in 2024."
          maxLength={1000}
          isRequired
        />
        <FormError message={problem} />
        <div className="dialog-actions">
          <Button slot="close" isDisabled={declare.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" isPending={declare.isPending}>
            Declare conflict
          </Button>
        </div>
      </Form>
    </Dialog>
  );
}
