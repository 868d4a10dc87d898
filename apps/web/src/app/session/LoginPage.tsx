import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Navigate, useLocation, useSearchParams } from 'react-router';
import { ApiError, errorMessage } from '../../api/errors';
import { Button, ButtonLink } from '../../ui/Button';
import { FormError, SubmitForm, TextInput } from '../../ui/fields';
import { useSession, useSessionState } from './SessionContext';
import { ssoProblem, startHref } from './sso';

/** Only same-site paths are followed after sign-in, never another origin. */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}

function loginProblem(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 403)
      return "Password sign-in is switched off here: sign in with your organisation's account.";
    if (error.status === 401)
      return 'The email or password is not right. Check them and try again.';
    if (error.status === 423) return error.message.replace(/^account/, 'Your account is');
    if (error.status === 429) {
      return error.retryAfterSeconds
        ? `Too many sign-in attempts from this computer. Try again in ${error.retryAfterSeconds} seconds.`
        : 'Too many sign-in attempts from this computer. Wait a minute and try again.';
    }
  }
  return errorMessage(error);
}

export function LoginPage() {
  const session = useSession();
  const state = useSessionState();
  const [params] = useSearchParams();
  const location = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [fieldProblem, setFieldProblem] = useState<{ email?: string; password?: string }>({});
  const [pending, setPending] = useState(false);
  const options = useQuery({
    queryKey: ['sign-in-options'],
    queryFn: () => session.signInOptions(),
    staleTime: Infinity,
  });
  const reason =
    (location.state as { reason?: string | null } | null)?.reason ??
    (state.status === 'signed-out' ? state.reason : null);
  const next = safeNext(params.get('next'));
  const ssoRefusal = ssoProblem(params.get('sso'));
  // Until the options arrive, neither the form nor the buttons; if they cannot be read, the form.
  const passwordLogin = options.data ? options.data.passwordLogin : options.isError;
  const providers = options.data?.providers ?? [];

  if (state.status === 'signed-in') return <Navigate to={next} replace />;

  const submit = async () => {
    const missing = {
      email: email.trim() ? undefined : 'Enter your email address.',
      password: password ? undefined : 'Enter your password.',
    };
    setFieldProblem(missing);
    if (missing.email || missing.password) return;
    setPending(true);
    setProblem(null);
    try {
      await session.login(email.trim(), password);
    } catch (error) {
      if (error instanceof ApiError && error.status === 400 && error.details.length > 0) {
        setFieldProblem({
          email: error.fieldMessages('email')[0],
          password: error.fieldMessages('password')[0],
        });
      } else {
        setProblem(loginProblem(error));
      }
      setPassword('');
    } finally {
      setPending(false);
    }
  };

  return (
    <main className="auth-page" id="main">
      <div className="auth-card">
        <div className="auth-brand">
          <img src="/favicon.svg" alt="" width={40} height={40} />
          <div>
            <h1>Tumor Board</h1>
            <p>Multidisciplinary case conferences</p>
          </div>
        </div>
        {reason ? (
          <p className="notice" role="status">
            {reason}
          </p>
        ) : null}
        {ssoRefusal ? (
          <p className="notice notice-warning" role="alert">
            {ssoRefusal}
          </p>
        ) : null}
        {options.isPending ? (
          <p className="auth-loading" role="status">
            Loading the ways to sign in…
          </p>
        ) : null}
        {providers.length > 0 ? (
          <div className="auth-providers">
            {providers.map((provider) => (
              <ButtonLink
                key={provider.id}
                href={startHref(provider.startUrl, next)}
                variant={passwordLogin ? 'secondary' : 'primary'}
                className="btn-block"
              >
                Sign in with {provider.displayName}
              </ButtonLink>
            ))}
          </div>
        ) : null}
        {providers.length > 0 && passwordLogin ? (
          <p className="auth-separator">or with your email and password</p>
        ) : null}
        {passwordLogin ? (
          <SubmitForm onSubmit={submit}>
            <TextInput
              label="Email"
              type="email"
              name="email"
              autoComplete="username"
              value={email}
              onChange={setEmail}
              errorMessage={fieldProblem.email}
              isRequired
            />
            <TextInput
              label="Password"
              type="password"
              name="password"
              autoComplete="current-password"
              value={password}
              onChange={setPassword}
              errorMessage={fieldProblem.password}
              isRequired
            />
            <FormError message={problem} />
            <Button type="submit" variant="primary" isPending={pending} className="btn-block">
              {pending ? 'Signing in…' : 'Sign in'}
            </Button>
          </SubmitForm>
        ) : null}
        <p className="auth-footnote">
          For use by authorised clinical staff. Activity is recorded in the audit log.
        </p>
      </div>
    </main>
  );
}
