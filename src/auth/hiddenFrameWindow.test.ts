import { describe, expect, it, vi } from 'vitest';
import {
  diagnoseUnansweredFrame,
  HiddenFrameWindow,
  isServerReachable,
  listenForFrameAnswers,
  SpareHiddenFrames,
} from './hiddenFrameWindow.ts';
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

/** A document whose frames record whether they are still in the page. */
function framesDocument() {
  const made: { isConnected: boolean; remove(): void; name: string }[] = [];
  const document = {
    createElement: () => {
      const frame = {
        name: `frame ${made.length + 1}`,
        isConnected: false,
        style: {},
        setAttribute() {},
        remove() {
          frame.isConnected = false;
        },
      };
      made.push(frame);
      return frame;
    },
    body: {
      appendChild(frame: { isConnected: boolean }) {
        frame.isConnected = true;
      },
    },
  };
  return { document: document as unknown as Document, made };
}

describe('SpareHiddenFrames', () => {
  it('hands out the spare made between requests, a fresh frame for each request', () => {
    vi.useFakeTimers();
    try {
      const { document, made } = framesDocument();
      const frames = new SpareHiddenFrames(document);
      const first = frames.take();
      expect(made).toHaveLength(1);
      frames.discard(first);
      // Nothing is made or removed while the answer is still being used.
      expect(first.isConnected).toBe(true);
      frames.between();
      expect(made).toHaveLength(1);
      vi.runAllTimers();
      expect(first.isConnected).toBe(false);
      expect(made).toHaveLength(2);
      const second = frames.take();
      expect(second).toBe(made[1]);
      expect(second).not.toBe(first);
      // The spare is used once: the next request without a between() gets a new frame.
      expect(frames.take()).not.toBe(second);
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not use a spare that was taken out of the page', () => {
    vi.useFakeTimers();
    try {
      const { document, made } = framesDocument();
      const frames = new SpareHiddenFrames(document);
      frames.between();
      vi.runAllTimers();
      made[0]?.remove();
      expect(frames.take()).toBe(made[1]);
    } finally {
      vi.useRealTimers();
    }
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

describe('diagnoseUnansweredFrame', () => {
  const reachable = async () => true;
  const unreachable = async () => false;

  it('calls a server page that loaded without answering a blocked frame', async () => {
    await expect(diagnoseUnansweredFrame(null, reachable)).resolves.toMatchObject({
      reason: 'frame_blocked',
    });
  });

  it('calls it a network error when the server does not answer at all', async () => {
    await expect(diagnoseUnansweredFrame(null, unreachable)).resolves.toMatchObject({
      reason: 'network_error',
    });
  });

  it('names our own page that loaded without posting (e.g. the app served instead of the callback page)', async () => {
    await expect(
      diagnoseUnansweredFrame('http://localhost:5173/silent-callback.html?code=secret', reachable),
    ).resolves.toEqual({
      reason: 'invalid_response',
      description:
        'The hidden frame loaded http://localhost:5173/silent-callback.html but no authorization response came from it',
    });
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

describe('isServerReachable', () => {
  it('asks for the discovery document and takes any answer as reachable', async () => {
    // no-cors: an opaque answer, whatever its status, means the server is there.
    const fetchImpl = vi.fn<typeof fetch>(async () => Response.json({}));
    await expect(isServerReachable(`${AUTH}/`, fetchImpl)).resolves.toBe(true);
    expect(fetchImpl).toHaveBeenCalledWith(
      `${AUTH}/.well-known/openid-configuration`,
      expect.objectContaining({ mode: 'no-cors', cache: 'no-store' }),
    );
    const failing = vi.fn<typeof fetch>(async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(isServerReachable(`${AUTH}/`, failing)).resolves.toBe(false);
  });
});
