import { escapeHtml, htmlDocument } from '../html.ts';

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
    `<main>
<h1>Authorize ${escapeHtml(clientName)}</h1>
<p>Hi ${escapeHtml(userEmail)}, <strong>${escapeHtml(clientName)}</strong> is asking for access to your account:</p>
<ul>
${scope.map((word) => `<li><code>${escapeHtml(word)}</code></li>`).join('\n')}
</ul>
<form method="post" action="/u/consent">
<input type="hidden" name="state" value="${escapeHtml(interactionId)}">
<input type="hidden" name="csrf" value="${escapeHtml(csrfToken)}">
<button type="submit" name="decision" value="accept">Accept</button>
<button type="submit" name="decision" value="deny">Decline</button>
</form>
</main>`,
  );
