import { isRouteErrorResponse, useRouteError } from 'react-router';
import { AccessProblem, ErrorState } from './states';

/** Whatever a screen throws ends here, as a page a person can act on, never a blank screen. */
export function RouteError() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  return (
    <main className="page page-narrow" id="main">
      <ErrorState error={error} retry={() => window.location.reload()} />
    </main>
  );
}

export function NotFoundPage() {
  return (
    <div className="page page-narrow">
      <AccessProblem status={404} asPageHeading />
    </div>
  );
}
