import { html, htmlDocument } from '../html.ts';

export const loggedOutPage = (returnRefused: boolean): string =>
  htmlDocument(
    'Logged out',
    html`<main>
<h1>You are logged out</h1>
${returnRefused && html`<p>The address to return to is not registered for this application, so you stay here.</p>`}
<p>You can close this window.</p>
</main>`,
  );
