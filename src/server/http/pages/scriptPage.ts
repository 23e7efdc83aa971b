import { type HtmlEscapedString, html } from '../html.ts';

/**
 * A page that exists only to run one script in a hidden frame (a redirect, a postMessage): no
 * stylesheet, no body, the script in the head so it runs as soon as it is parsed. Silent
 * renewals load one on every renewal, so every byte and every step of the page is latency.
 * `script` is made with `html` and its values with `scriptJson`, never plain-escaped strings.
 */
export const scriptPage = (title: string, script: HtmlEscapedString, scriptNonce: string): string =>
  html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><title>${title}</title><script nonce="${scriptNonce}">${script}</script></head></html>`.toString();
