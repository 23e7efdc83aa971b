import { html, scriptJson } from '../html.ts';
import { scriptPage } from './scriptPage.ts';

/**
 * A redirect done by a page instead of a 302, for answers going to a frame: browsers do not
 * apply `frame-ancestors` to a redirect, only to the document that ends up in the frame, so a
 * 302 would let any origin frame the answer and land on the client's page. The policy this page
 * carries is enforced before its script runs.
 */
export const framedRedirectPage = (location: string, scriptNonce: string): string =>
  scriptPage('Redirecting', html`window.location.replace(${scriptJson(location)});`, scriptNonce);
