import { html, htmlDocument } from '../html.ts';

/** Shown instead of redirecting when the client or its redirect URI cannot be trusted. */
export const errorPage = (error: string, description: string): string =>
  htmlDocument(
    'Something went wrong',
    html`<main>
<h1>Something went wrong</h1>
<p class="error" role="alert"><code>${error}</code>: ${description}</p>
<p>Go back to the application and try again. If this keeps happening, the application is
misconfigured: this server only answers to registered clients and redirect URIs.</p>
</main>`,
  );
