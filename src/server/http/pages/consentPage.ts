import { html, htmlDocument } from '../html.ts';

export interface ConsentPageInput {
  interactionId: string;
  csrfToken: string;
  clientName: string;
  userEmail: string;
  scope: readonly string[];
}

/** Shown to third-party clients' users (or on prompt=consent). */
export const consentPage = ({
  interactionId,
  csrfToken,
  clientName,
  userEmail,
  scope,
}: ConsentPageInput): string =>
  htmlDocument(
    'Authorize application',
    html`<main>
<h1>Authorize ${clientName}</h1>
<p>Hi ${userEmail}, <strong>${clientName}</strong> is asking for access to your account:</p>
<ul>
${scope.map((word) => html`<li><code>${word}</code></li>\n`)}
</ul>
<form method="post" action="/u/consent">
<input type="hidden" name="state" value="${interactionId}">
<input type="hidden" name="csrf" value="${csrfToken}">
<button type="submit" name="decision" value="accept">Accept</button>
<button type="submit" name="decision" value="deny">Decline</button>
</form>
</main>`,
  );
