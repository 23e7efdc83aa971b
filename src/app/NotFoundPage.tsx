import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <section aria-labelledby="not-found-heading">
      <h1 id="not-found-heading">Page not found</h1>
      <p>
        There is nothing here. <Link to="/">Back to the start page</Link>.
      </p>
    </section>
  );
}
