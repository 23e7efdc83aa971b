import { COOKIE_PROBE_MESSAGE_TYPE, type StorageAccessHeader } from '../../../protocol/oauth.ts';
import { html, scriptJson } from '../html.ts';
import { scriptPage } from './scriptPage.ts';

/**
 * Tells the framing page whether the probe cookie came back, addressed to its origin only, with
 * what the frame sees of the Storage Access API (the header it came with, the one the probe's
 * first request came with, the API, the grant).
 * A script page without a stylesheet: its policy allows the nonced script and nothing else.
 */
export const cookieProbePage = (
  cookies: boolean,
  storageAccess: { header: StorageAccessHeader | null; first: StorageAccessHeader | null },
  targetOrigin: string,
  scriptNonce: string,
) =>
  scriptPage(
    'Cookie probe',
    html`(function () {
  var message = ${scriptJson({ type: COOKIE_PROBE_MESSAGE_TYPE, cookies })};
  var header = ${scriptJson(storageAccess.header)};
  var first = ${scriptJson(storageAccess.first)};
  var targetOrigin = ${scriptJson(targetOrigin)};
  if (window.parent === window) return;
  var api = typeof document.requestStorageAccess === 'function';
  function send(permission) {
    message.storageAccess = { header: header, first: first, api: api, permission: permission };
    window.parent.postMessage(message, targetOrigin);
  }
  var query = navigator.permissions && navigator.permissions.query({ name: 'storage-access' });
  if (!api || !query) return send('unknown');
  query.then(function (status) { send(status.state); }, function () { send('unknown'); });
})();`,
    scriptNonce,
  );
