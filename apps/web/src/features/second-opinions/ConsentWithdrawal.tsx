import { useState } from 'react';
import { Button } from '../../ui/Button';
import { Card } from '../../ui/Page';
import { reasonRefusal, ReasonDialog } from '../../ui/ReasonDialog';
import { useWithdrawConsent, type SecondOpinionView } from './queries';

/** The patient withdraws consent: the request stops, and stays on record. */
export function ConsentWithdrawal({ request }: { request: SecondOpinionView }) {
  const withdraw = useWithdrawConsent(request.id, request.boardId);
  const [asking, setAsking] = useState(false);
  if (request.status === 'consent_withdrawn') return null;
  return (
    <Card title="Consent">
      <div className="stack">
        <p>
          If the patient (or their representative) withdraws consent, record it here. The request
          stops at once: no more records are collected, the reviewers can no longer work on it, and
          nothing more is delivered. What exists stays on record.
        </p>
        <div>
          <Button variant="danger" onPress={() => setAsking(true)}>
            Withdraw consent
          </Button>
        </div>
      </div>
      {asking ? (
        <ReasonDialog
          title="Withdraw the patient’s consent?"
          keepLabel="Keep the request going"
          confirmLabel="Withdraw consent and stop the request"
          confirmVariant="danger"
          minLength={3}
          lengthMessage="Say how and when the patient withdrew consent, in 3 to 1,000 characters."
          label="How consent was withdrawn"
          description="For example: the patient phoned on 3 March and asked us to stop."
          isPending={withdraw.isPending}
          {...reasonRefusal(withdraw.error, 'reason')}
          onInvalid={() => withdraw.reset()}
          onClose={() => setAsking(false)}
          onSubmit={async (reason) => {
            await withdraw.mutateAsync(reason);
            setAsking(false);
          }}
        >
          <p>
            This cannot be undone. The request stops: no more records are collected, the reviewers
            and the referrer’s links stop working for it, and no opinion is delivered. The request
            and its history stay on record.
          </p>
        </ReasonDialog>
      ) : null}
    </Card>
  );
}
