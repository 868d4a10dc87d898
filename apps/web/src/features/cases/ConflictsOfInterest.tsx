import { useState } from 'react';
import { useMe } from '../../api/context';
import { errorMessage } from '../../api/errors';
import type { CaseDetailView } from '../../api/types';
import { Button } from '../../ui/Button';
import { FormError } from '../../ui/fields';
import { Card } from '../../ui/Page';
import { ReasonDialog, reasonRefusal } from '../../ui/ReasonDialog';
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
  return (
    <ReasonDialog
      title="Declare a conflict of interest"
      onClose={onClose}
      description="For example: I treated this patient privately in 2024."
      minLength={3}
      lengthMessage="Describe the conflict in a few words (at least 3 characters)."
      keepLabel="Cancel"
      confirmLabel="Declare conflict"
      isPending={declare.isPending}
      {...reasonRefusal(declare.error, 'reason')}
      onInvalid={declare.reset}
      onSubmit={(reason) => declare.mutateAsync(reason).then(onClose)}
    >
      <p>
        While the declaration stands you will not vote on {detail.patientRef}, and its discussion
        notes are read-only for you. The board sees your name and reason.
      </p>
    </ReasonDialog>
  );
}
