import { useState } from 'react';
import { data } from '../../api/client';
import { useApi, useMe } from '../../api/context';
import { ApiError, errorMessage } from '../../api/errors';
import { Button } from '../../ui/Button';
import { FormError, SubmitForm, TextInput } from '../../ui/fields';
import { Card, PageHeader } from '../../ui/Page';
import { NewPasswordFields, PASSWORD_MIN_LENGTH } from '../../ui/PasswordFields';
import { specialtyLabel } from '../../ui/words';

export function AccountPage() {
  const me = useMe();
  const api = useApi();
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [serverProblems, setServerProblems] = useState<string[]>([]);
  const [currentProblem, setCurrentProblem] = useState<string | undefined>();
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [pending, setPending] = useState(false);

  const submit = async () => {
    setSubmitted(true);
    setProblem(null);
    setCurrentProblem(undefined);
    setDone(false);
    if (!current) {
      setCurrentProblem('Enter your current password.');
      return;
    }
    if ([...password].length < PASSWORD_MIN_LENGTH || password !== confirmation) return;
    setPending(true);
    try {
      await data(
        api.POST('/api/v1/auth/password', {
          body: { currentPassword: current, newPassword: password },
        }),
      );
      setDone(true);
      setCurrent('');
      setPassword('');
      setConfirmation('');
      setSubmitted(false);
    } catch (error) {
      if (error instanceof ApiError && error.fieldMessages('newPassword').length > 0) {
        setServerProblems(error.fieldMessages('newPassword'));
      } else if (error instanceof ApiError && error.fieldMessages('currentPassword').length > 0) {
        setCurrentProblem(error.fieldMessages('currentPassword').join(' '));
      } else {
        setProblem(errorMessage(error));
      }
    } finally {
      setPending(false);
    }
  };

  return (
    <div className="page page-narrow">
      <PageHeader
        title="Your account"
        subtitle={`${me.displayName} · ${specialtyLabel(me.specialty)} · ${me.institution}`}
      />
      <Card title="Change password">
        <SubmitForm onSubmit={submit}>
          <TextInput
            label="Current password"
            type="password"
            autoComplete="current-password"
            value={current}
            onChange={setCurrent}
            errorMessage={currentProblem}
            isRequired
          />
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
          {done ? (
            <p className="notice notice-success" role="status">
              Your password has been changed.
            </p>
          ) : null}
          <div>
            <Button type="submit" variant="primary" isPending={pending}>
              Change password
            </Button>
          </div>
        </SubmitForm>
      </Card>
    </div>
  );
}
