import { describe, expect, it, vi } from 'vitest';
import { HiddenFrameWindow, listenForFrameAnswers } from './hiddenFrameWindow.ts';
import { iframeRedirectTransport } from './iframeRedirectTransport.ts';
import { webMessageTransport } from './webMessageTransport.ts';

const AUTH = 'http://localhost:4400';
const SILENT_CALLBACK = 'http://localhost:5173/silent-callback.html';

/** Just enough DOM for one hidden frame. */
function fakeDocument() {
  const frameWindow = { location: { replace: vi.fn(), href: 'about:blank' } };
  const frame = {
    style: {},
    setAttribute() {},
    addEventListener() {},
    removeEventListener() {},
    remove() {},
    contentWindow: frameWindow,
  };
  const document = { createElement: () => frame, body: { appendChild() {} } };
  return { document: document as unknown as Document, frameWindow };
}

describe('HiddenFrameWindow.receive', () => {
  it('takes only our frame’s answer, reports forgeries, hands back what is not its kind', async () => {
    const { document, frameWindow } = fakeDocument();
    const ignored: string[] = [];
    const hidden = new HiddenFrameWindow({
      transport: webMessageTransport({ authority: `${AUTH}/`, silentRedirectUri: SILENT_CALLBACK }),
      timeoutMs: 10_000,
      isServerReachable: async () => true,
      onIgnoredMessage: (reason) => ignored.push(reason),
      document,
    });
    const answer = (state: string) => ({
      type: 'authorization_response',
      response: { code: 'the-code', state },
    });
    expect(hidden.receive({ origin: AUTH, source: frameWindow, data: answer('s1') })).toBe(false);

    const navigation = hidden.navigate({ url: `${AUTH}/authorize?state=s1`, state: 's1' });
    expect(frameWindow.location.replace).toHaveBeenCalledWith(`${AUTH}/authorize?state=s1`);
    // The other transport's shape: not for this window to judge.
    const redirectShape = { source: 'oidc-client', url: `${SILENT_CALLBACK}?code=x&state=s1` };
    expect(hidden.receive({ origin: AUTH, source: frameWindow, data: redirectShape })).toBe(false);
    // Forged by another window, and a guessed state from our frame: refused and reported.
    expect(hidden.receive({ origin: AUTH, source: {}, data: answer('s1') })).toBe(true);
    expect(hidden.receive({ origin: AUTH, source: frameWindow, data: answer('guess') })).toBe(true);
    expect(ignored).toEqual([
      'an authorization response from a window other than our frame',
      'an authorization response whose state does not match the request',
    ]);
    expect(hidden.receive({ origin: AUTH, source: frameWindow, data: answer('s1') })).toBe(true);
    await expect(navigation).resolves.toEqual({
      url: `${SILENT_CALLBACK}?code=the-code&state=s1`,
    });
    expect(hidden.isWaiting).toBe(false);
  });
});

describe('HiddenFrameWindow with its frames', () => {
  it('takes its frame from them and gives it back when the answer came', async () => {
    const { document, frameWindow } = fakeDocument();
    const frame = document.createElement('iframe');
    const discard = vi.fn();
    const hidden = new HiddenFrameWindow({
      transport: webMessageTransport({ authority: `${AUTH}/`, silentRedirectUri: SILENT_CALLBACK }),
      timeoutMs: 10_000,
      isServerReachable: async () => true,
      onIgnoredMessage: () => {},
      frames: { take: () => frame, discard },
    });
    const navigation = hidden.navigate({ url: `${AUTH}/authorize?state=s1`, state: 's1' });
    expect(discard).not.toHaveBeenCalled();
    const answer = { type: 'authorization_response', response: { code: 'c', state: 's1' } };
    hidden.receive({ origin: AUTH, source: frameWindow, data: answer });
    await navigation;
    expect(discard).toHaveBeenCalledExactlyOnceWith(frame);
  });
});

describe('listenForFrameAnswers', () => {
  it('hands answers to the frame under way and reports the ones nobody waited for', async () => {
    const { document, frameWindow } = fakeDocument();
    const ignored: string[] = [];
    const onIgnoredMessage = (reason: string) => ignored.push(reason);
    const webMessage = webMessageTransport({
      authority: `${AUTH}/`,
      silentRedirectUri: SILENT_CALLBACK,
    });
    const iframe = iframeRedirectTransport({
      spaOrigin: 'http://localhost:5173',
      silentRedirectUri: SILENT_CALLBACK,
    });
    let listener: (event: unknown) => void = () => {};
    let current: HiddenFrameWindow | null = null;
    listenForFrameAnswers(
      { addEventListener: (_type: string, added: (event: unknown) => void) => (listener = added) },
      { transports: [webMessage, iframe], current: () => current, onIgnoredMessage },
    );
    const answer = { type: 'authorization_response', response: { code: 'c', state: 's1' } };
    const redirectShape = { source: 'oidc-client', url: `${SILENT_CALLBACK}?code=c&state=s1` };

    listener({ origin: AUTH, source: frameWindow, data: answer });
    listener({ origin: AUTH, source: frameWindow, data: { type: 'something else' } });
    current = new HiddenFrameWindow({
      transport: webMessage,
      timeoutMs: 10_000,
      isServerReachable: async () => true,
      onIgnoredMessage,
      document,
    });
    const navigation = current.navigate({ url: `${AUTH}/authorize?state=s1`, state: 's1' });
    listener({ origin: 'http://localhost:5173', source: frameWindow, data: redirectShape });
    listener({ origin: AUTH, source: frameWindow, data: answer });
    await expect(navigation).resolves.toEqual({ url: `${SILENT_CALLBACK}?code=c&state=s1` });
    expect(ignored).toEqual([
      'an authorization response while no silent sign-in was waiting for one',
      'an authorization response in the shape of the other transport',
    ]);
  });
});

describe('HiddenFrameWindow without an answer', () => {
  it('rejects with the reason and what decided it', async () => {
    vi.useFakeTimers();
    try {
      const { document } = fakeDocument();
      const hidden = new HiddenFrameWindow({
        transport: webMessageTransport({
          authority: `${AUTH}/`,
          silentRedirectUri: SILENT_CALLBACK,
        }),
        timeoutMs: 2_000,
        isServerReachable: async () => true,
        onIgnoredMessage: () => {},
        document,
      });
      const navigation = hidden.navigate({ url: `${AUTH}/authorize?state=s1`, state: 's1' });
      const refused = expect(navigation).rejects.toMatchObject({
        name: 'SilentRenewalError',
        failure: { reason: 'timeout', error: null, decidedBy: 'timeout' },
      });
      await vi.advanceTimersByTimeAsync(2_000);
      await refused;
    } finally {
      vi.useRealTimers();
    }
  });
});
