import { COOKIE_PROBE_MESSAGE_TYPE, type CookieProbeMessage } from '../../../protocol/oauth.ts';
import { html, scriptJson } from '../html.ts';
import { scriptPage } from './scriptPage.ts';

/**
 * Tells the framing page whether the probe cookie came back, addressed to its origin only. A
 * script page without a stylesheet: its policy allows the nonced script and nothing else.
 */
export const cookieProbePage = (cookies: boolean, targetOrigin: string, scriptNonce: string) => {
  const message: CookieProbeMessage = { type: COOKIE_PROBE_MESSAGE_TYPE, cookies };
  return scriptPage(
    'Cookie probe',
    html`(function () {
  var message = ${scriptJson(message)};
  var targetOrigin = ${scriptJson(targetOrigin)};
  if (window.parent !== window) window.parent.postMessage(message, targetOrigin);
})();`,
    scriptNonce,
  );
};
