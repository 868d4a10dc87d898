import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { ApiError, errorMessage, toApiError } from '../../api/errors';
import { Button, ButtonLink } from '../../ui/Button';
import { FormError, SubmitForm } from '../../ui/fields';
import { NewPasswordFields, PASSWORD_MIN_LENGTH } from '../../ui/PasswordFields';

/** An invited clinician sets their password from the link they were sent. */
export function AcceptInvitationPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [serverProblems, setServerProblems] = useState<string[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  const submit = async () => {
    setSubmitted(true);
    setProblem(null);
    if ([...password].length < PASSWORD_MIN_LENGTH || password !== confirmation) {
      setServerProblems(
        [...password].length < PASSWORD_MIN_LENGTH
          ? [`The password must be at least ${PASSWORD_MIN_LENGTH} characters long.`]
          : [],
      );
      return;
    }
    setPending(true);
    try {
      const response = await fetch('/api/v1/auth/accept-invitation', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ invitationToken: token, password }),
      });
      if (!response.ok) throw await toApiError(response);
      const user = (await response.json()) as { email: string };
      setDone(user.email);
    } catch (error) {
      if (error instanceof ApiError && error.fieldMessages('password').length > 0) {
        setServerProblems(error.fieldMessages('password'));
      } else if (
        error instanceof ApiError &&
        (error.status === 401 || error.status === 404 || error.status === 410)
      ) {
        setProblem(
          'This invitation link is no longer valid. Ask your coordinator or administrator for a new one.',
        );
      } else {
        setProblem(errorMessage(error));
      }
    } finally {
      setPending(false);
    }
  };

  return (
    <main className="auth-page" id="main">
      <div className="auth-card">
        <h1>Join Tumor Board</h1>
        {!token ? (
          <p className="form-error" role="alert">
            This link has no invitation in it. Open the link from your invitation email again.
          </p>
        ) : done ? (
          <div className="stack" role="status">
            <p>Your account {done} is ready. Sign in with your new password.</p>
            <ButtonLink href="/login" variant="primary">
              Sign in
            </ButtonLink>
          </div>
        ) : (
          <SubmitForm onSubmit={submit}>
            <p>Choose the password you will sign in with.</p>
            <NewPasswordFields
              password={password}
              confirmation={confirmation}
              onPassword={(value) => {
                setPassword(value);
                setServerProblems([]);
              }}
              onConfirmation={setConfirmation}
              serverProblems={serverProblems}
              showMismatch={submitted}
            />
            <FormError message={problem} />
            <Button type="submit" variant="primary" isPending={pending}>
              Set password
            </Button>
          </SubmitForm>
        )}
      </div>
    </main>
  );
}
