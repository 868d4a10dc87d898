import type { ReactNode } from 'react';
import { ApiError, errorMessage } from '../api/errors';
import { Button, ButtonLink } from './Button';

export function Splash() {
  return (
    <div className="splash" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>Opening Tumor Board…</span>
    </div>
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {children ? <div className="empty-body">{children}</div> : null}
    </div>
  );
}

/** A failed load, in words: missing or forbidden pages say so; anything else offers to retry. */
export function ErrorState({ error, retry }: { error: unknown; retry?: () => void }) {
  if (error instanceof ApiError && (error.status === 404 || error.status === 403)) {
    return <AccessProblem status={error.status} message={error.message} />;
  }
  return (
    <div className="error-state" role="alert">
      <p className="error-title">This could not be loaded.</p>
      <p>{errorMessage(error)}</p>
      {retry ? (
        <Button onPress={retry} variant="secondary">
          Try again
        </Button>
      ) : null}
    </div>
  );
}

export function AccessProblem({
  status,
  message,
  asPageHeading = false,
}: {
  status: 403 | 404;
  message?: string;
  /** When the problem is the whole page, its title is the page's heading. */
  asPageHeading?: boolean;
}) {
  const Title = asPageHeading ? 'h1' : 'p';
  return (
    <div className="error-state" role="alert">
      <Title className="error-title">
        {status === 404 ? 'Not found' : 'You do not have access to this'}
      </Title>
      <p>
        {status === 404
          ? 'It does not exist, or it belongs to a board you are not a member of.'
          : (message ?? 'Your role on this board does not allow it.')}
      </p>
      <ButtonLink href="/" variant="secondary">
        Back to home
      </ButtonLink>
    </div>
  );
}

/** Renders a query's loading and error states, and its data once there. */
export function QueryView<T>({
  query,
  children,
  loadingLabel,
}: {
  query: { data: T | undefined; error: unknown; isPending: boolean; refetch: () => unknown };
  children: (data: T) => ReactNode;
  loadingLabel?: string;
}) {
  if (query.isPending) return <Loading label={loadingLabel} />;
  if (query.error || query.data === undefined)
    return <ErrorState error={query.error} retry={() => void query.refetch()} />;
  return <>{children(query.data)}</>;
}
