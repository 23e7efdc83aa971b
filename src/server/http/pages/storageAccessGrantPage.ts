import { createHash } from 'node:crypto';
import { raw } from 'hono/html';
import { STORAGE_ACCESS_GRANT_MESSAGE_TYPE } from '../../../protocol/oauth.ts';
import { html } from '../html.ts';

export const STORAGE_ACCESS_BUTTON_LABEL =
  'Allow Silent Auth Lab to keep you signed in across sites';

/**
 * One constant script (its origin comes from the page's data attribute), so the CSP allows
 * exactly it by hash. Headless Chromium has no prompt: requestStorageAccess() resolves only when
 * a grant exists already, and rejects with NotAllowedError otherwise.
 */
const SCRIPT = `(function () {
  var origin = document.body.getAttribute('data-origin');
  var button = document.getElementById('allow');
  var status = document.getElementById('status');
  var words = {
    granted: 'Allowed: this app can renew your sign-in in the background.',
    denied: 'Not allowed: the browser said no. Sign in again when asked.',
    not_supported: 'This browser cannot grant storage access to an embedded site.'
  };
  function tell(outcome) {
    status.textContent = words[outcome];
    if (window.parent !== window) {
      window.parent.postMessage({ type: '${STORAGE_ACCESS_GRANT_MESSAGE_TYPE}', outcome: outcome }, origin);
    }
  }
  if (typeof document.requestStorageAccess !== 'function') {
    button.disabled = true;
    tell('not_supported');
    return;
  }
  button.addEventListener('click', function () {
    button.disabled = true;
    document.requestStorageAccess().then(
      function () { tell('granted'); },
      function () { button.disabled = false; tell('denied'); }
    );
  });
})();`;

export const STORAGE_ACCESS_SCRIPT_HASH = `sha256-${createHash('sha256').update(SCRIPT).digest('base64')}`;

const STYLE = `body { font: 15px/1.4 system-ui, sans-serif; margin: 0; padding: 0.75rem; color: #1d2330; }
button { font: inherit; padding: 0.5rem 1rem; cursor: pointer; }
p { margin: 0.5rem 0 0; }`;

export const STORAGE_ACCESS_STYLE_HASH = `sha256-${createHash('sha256').update(STYLE).digest('base64')}`;

/** The grant page; `origin` is a registered web origin, the only one it will post to. */
export const storageAccessGrantPage = (origin: string) => html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="referrer" content="no-referrer">
<title>Keep signed in across sites</title>
<style>${raw(STYLE)}</style>
</head>
<body data-origin="${origin}">
<button id="allow" type="button">${STORAGE_ACCESS_BUTTON_LABEL}</button>
<p id="status" role="status"></p>
<script>${raw(SCRIPT)}</script>
</body>
</html>`;
