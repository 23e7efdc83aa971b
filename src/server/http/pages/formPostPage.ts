import { html, htmlDocument } from '../html.ts';

/** OAuth 2.0 Form Post Response Mode: an auto-submitted form to the redirect URI. */
export const formPostPage = (
  redirectUri: string,
  params: Record<string, string>,
  scriptNonce: string,
): string =>
  htmlDocument(
    'Submitting…',
    html`<form method="post" action="${redirectUri}">
${Object.entries(params).map(
  ([name, value]) => html`<input type="hidden" name="${name}" value="${value}">\n`,
)}<noscript><button type="submit">Continue</button></noscript>
</form>
<script nonce="${scriptNonce}">document.forms[0].submit();</script>`,
  );
