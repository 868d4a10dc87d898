import { useState } from 'react';
import type { ReviewRole } from '@app/contracts';
import { errorMessage } from '../../api/errors';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { FormError } from '../../ui/fields';
import { Card } from '../../ui/Page';

const EARLIER: Record<ReviewRole, string> = {
  reviewer: 'the team that gave the first opinion',
  arbiter: 'the team that gave the first opinion or the reviewers who gave the second',
};

/**
 * The first step: whether the reader has a conflict of interest. Nothing of the records opens
 * before the answer; declaring a conflict ends their part in the request.
 */
export function AttestationCard({
  role,
  attest,
}: {
  role: ReviewRole;
  attest: (noConflict: boolean) => Promise<unknown>;
}) {
  const [pending, setPending] = useState<boolean | null>(null);
  const [declaring, setDeclaring] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const answer = async (noConflict: boolean) => {
    setProblem(null);
    setPending(noConflict);
    try {
      await attest(noConflict);
      setDeclaring(false);
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setPending(null);
    }
  };

  return (
    <Card title="Conflict of interest">
      <div className="stack">
        <p>
          Before the records open to you, say whether you have a conflict of interest with this
          patient, the referring physician or {EARLIER[role]}. You have one if, for example:
        </p>
        <ul className="reviews-list">
          <li>you have taken part in this patient’s care, or are related or close to them;</li>
          <li>you work with that team or at its institution, or took part in its opinion;</li>
          <li>you have a financial or professional interest in either conclusion.</li>
        </ul>
        <p>
          Your answer is recorded in the audit log and cannot be changed.{' '}
          <strong>Declaring a conflict ends your involvement in this request:</strong> the records
          stay closed to you and the coordinator asks someone else.
        </p>
        <FormError message={declaring ? null : problem} />
        <div className="row">
          <Button
            variant="primary"
            onPress={() => void answer(true)}
            isPending={pending === true}
            isDisabled={pending !== null}
          >
            I have no conflict of interest
          </Button>
          <Button onPress={() => setDeclaring(true)} isDisabled={pending !== null}>
            I have a conflict of interest
          </Button>
        </div>
      </div>
      <Dialog
        title="Declare a conflict of interest?"
        role="alertdialog"
        isOpen={declaring}
        onOpenChange={(open) => {
          if (!open && pending === null) {
            setDeclaring(false);
            setProblem(null);
          }
        }}
      >
        <div className="stack">
          <p>
            Your involvement in this request ends now: the records stay closed to you and the
            coordinator asks someone else. This cannot be undone.
          </p>
          <FormError message={problem} />
          <div className="dialog-actions">
            <Button slot="close" isDisabled={pending !== null}>
              Go back
            </Button>
            <Button
              variant="danger"
              onPress={() => void answer(false)}
              isPending={pending === false}
            >
              Declare the conflict
            </Button>
          </div>
        </div>
      </Dialog>
    </Card>
  );
}

/** What a reader who declared a conflict sees: their part is over, and nothing more is shown. */
export function ConflictDeclaredCard() {
  return (
    <Card title="Conflict of interest declared">
      <p>
        You declared a conflict of interest on this request, so your involvement has ended: its
        records are closed to you. The coordinators see your declaration and ask someone else.
      </p>
    </Card>
  );
}
