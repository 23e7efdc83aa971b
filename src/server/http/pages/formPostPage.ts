import { escapeHtml, htmlDocument } from '../html.ts';

/** OAuth 2.0 Form Post Response Mode: an auto-submitted form to the redirect URI. */
export const formPostPage = (
  redirectUri: string,
  params: Record<string, string>,
  scriptNonce: string,
): string =>
  htmlDocument(
    'Submitting…',
    `<form method="post" action="${escapeHtml(redirectUri)}">
${Object.entries(params)
  .map(
    ([name, value]) =>
      `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`,
  )
  .join('\n')}
<noscript><button type="submit">Continue</button></noscript>
</form>
<script nonce="${escapeHtml(scriptNonce)}">document.forms[0].submit();</script>`,
  );
