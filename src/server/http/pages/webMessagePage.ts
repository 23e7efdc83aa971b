import { AUTHORIZATION_RESPONSE_MESSAGE_TYPE } from '../../../protocol/oauth.ts';
import { html, scriptJson } from '../html.ts';
import { scriptPage } from './scriptPage.ts';

/**
 * Auth0's web_message response (checkSession style): post the response to the window that opened
 * or framed us, addressed to the client's origin only — never '*', so no other page can read it.
 */
export const webMessagePage = (
  response: Record<string, string>,
  targetOrigin: string,
  scriptNonce: string,
): string =>
  scriptPage(
    'Authorization response',
    html`(function () {
  var message = ${scriptJson({ type: AUTHORIZATION_RESPONSE_MESSAGE_TYPE, response })};
  var targetOrigin = ${scriptJson(targetOrigin)};
  var target = window.opener || window.parent;
  if (target && target !== window) target.postMessage(message, targetOrigin);
})();`,
    scriptNonce,
  );
