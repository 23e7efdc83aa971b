import { isRouteErrorResponse, Link, useRouteError } from 'react-router';

/** Last resort for an error thrown while rendering or loading a route: say so, never a blank page. */
export function RouteErrorPage() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : String(error);
  return (
    <main id="main" className="standalone">
      <h1>Something went wrong</h1>
      <p role="alert">{message}</p>
      <p>
        <Link to="/">Back to the start page</Link>
      </p>
    </main>
  );
}
