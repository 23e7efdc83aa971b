import { COOKIE_PROBE_MESSAGE_TYPE, type CookieProbeMessage } from '../../../protocol/oauth.ts';
import { escapeHtml, htmlDocument, jsonForScript } from '../html.ts';

/** Tells the framing page whether the probe cookie came back, addressed to its origin only. */
export const cookieProbePage = (cookies: boolean, targetOrigin: string, scriptNonce: string) => {
  const message: CookieProbeMessage = { type: COOKIE_PROBE_MESSAGE_TYPE, cookies };
  return htmlDocument(
    'Cookie probe',
    `<script nonce="${escapeHtml(scriptNonce)}">
(function () {
  var message = ${jsonForScript(message)};
  var targetOrigin = ${jsonForScript(targetOrigin)};
  if (window.parent !== window) window.parent.postMessage(message, targetOrigin);
})();
</script>`,
  );
};
