import { escapeHtml } from '../html.ts';

/**
 * A page that exists only to run one script in a hidden frame (a redirect, a postMessage): no
 * stylesheet, no body, the script in the head so it runs as soon as it is parsed. Silent
 * renewals load one on every renewal, so every byte and every step of the page is latency.
 * `script` must already be safe inside a script element (see jsonForScript).
 */
export const scriptPage = (title: string, script: string, scriptNonce: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><title>${escapeHtml(title)}</title><script nonce="${escapeHtml(scriptNonce)}">${script}</script></head></html>`;
