import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { iframeRedirectTransport } from './iframeRedirectTransport.ts';

const html = readFileSync(
  resolve(import.meta.dirname, '../../public/silent-callback.html'),
  'utf8',
);
const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
const transport = iframeRedirectTransport({
  spaOrigin: 'http://localhost:5173',
  silentRedirectUri: 'http://localhost:5173/silent-callback.html',
});

/** Runs the page's inline script against a stand-in window. */
function runPage(href: string, framed: boolean) {
  const parent = { postMessage: vi.fn() };
  const self: Record<string, unknown> = { location: { href, origin: new URL(href).origin } };
  self.parent = framed ? parent : self;
  new Function('window', script)(self);
  return parent.postMessage;
}

describe('public/silent-callback.html', () => {
  it('posts its URL to the framing app, to our own origin only, in the shape the app reads', () => {
    const href = 'http://localhost:5173/silent-callback.html?code=abc&state=s1';
    const postMessage = runPage(href, true);
    expect(postMessage).toHaveBeenCalledTimes(1);
    const [data, targetOrigin] = postMessage.mock.calls[0] as [unknown, string];
    expect(targetOrigin).toBe('http://localhost:5173');
    expect(transport.readResponse(data)).toBe(href);
  });

  it('posts nothing when it is not in a frame', () => {
    expect(
      runPage('http://localhost:5173/silent-callback.html?code=abc', false),
    ).not.toHaveBeenCalled();
  });

  it('loads no script bundle', () => {
    expect(html).not.toMatch(/<script[^>]+src=/);
  });
});
