import { useEffect, useState } from 'react';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import type { Session } from '../session/session';
import { useSessionState } from '../session/SessionContext';

/** Two minutes before an idle session ends, the user is asked whether to stay signed in. */
export function IdleWarning({ session }: { session: Session }) {
  const state = useSessionState();
  const open = state.status === 'signed-in' && state.idleWarning;
  const endsAt = state.status === 'signed-in' ? state.endsAt : 0;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!open) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [open]);
  const seconds = Math.max(0, Math.round((endsAt - now) / 1000));
  return (
    <Dialog
      title="Are you still there?"
      role="alertdialog"
      isOpen={open}
      isDismissable={false}
      onOpenChange={() => undefined}
    >
      <p>
        For patient privacy you will be signed out in{' '}
        <strong>
          {Math.floor(seconds / 60)}:{String(seconds % 60).padStart(2, '0')}
        </strong>{' '}
        unless you continue.
      </p>
      <div className="dialog-actions">
        <Button variant="secondary" onPress={() => void session.logout()}>
          Sign out now
        </Button>
        <Button variant="primary" autoFocus onPress={() => void session.extend()}>
          Stay signed in
        </Button>
      </div>
    </Dialog>
  );
}
