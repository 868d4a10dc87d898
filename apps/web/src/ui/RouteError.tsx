import { isRouteErrorResponse, useRouteError } from 'react-router';
import { AccessProblem, ErrorState } from './states';

/**
 * Whatever a screen throws ends here, as a page a person can act on, never a blank screen. This
 * one stands alone (no shell around it: the sign-in pages, or the shell itself failing).
 */
export function RouteError() {
  return (
    <main className="page page-narrow" id="main">
      <RouteProblem />
    </main>
  );
}

/** A screen's error inside the signed-in shell, which stays with its navigation (and its main). */
export function ScreenError() {
  return (
    <div className="page page-narrow">
      <RouteProblem />
    </div>
  );
}

/** A section's error inside its page (a board's tab): the page's header and tabs stay. */
export function SectionError() {
  return <RouteProblem asPageHeading={false} />;
}

function RouteProblem({ asPageHeading = true }: { asPageHeading?: boolean }) {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return <AccessProblem status={404} asPageHeading={asPageHeading} />;
  }
  return <ErrorState error={error} retry={() => window.location.reload()} />;
}

export function NotFoundPage() {
  return (
    <div className="page page-narrow">
      <AccessProblem status={404} asPageHeading />
    </div>
  );
}
