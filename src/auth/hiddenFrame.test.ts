import { describe, expect, it, vi } from 'vitest';
import {
  type FrameAnswer,
  HiddenFrame,
  isServerReachable,
  SpareHiddenFrames,
} from './hiddenFrame.ts';

const AUTH = 'http://localhost:4400';

/** One hidden frame whose load event and URL the test controls. */
function fakeFrame() {
  const frameWindow = { location: { replace: vi.fn(), href: 'about:blank' as string | null } };
  let onLoad: () => void = () => {};
  const frame = {
    style: {},
    setAttribute() {},
    addEventListener: (_type: string, listener: () => void) => {
      onLoad = listener;
    },
    removeEventListener() {},
    remove: vi.fn(),
    get contentWindow() {
      return frameWindow;
    },
  };
  const document = { createElement: () => frame, body: { appendChild() {} } };
  return {
    document: document as unknown as Document,
    frame,
    frameWindow,
    /** The frame finished loading a page at `href` (null: another origin's, unreadable). */
    load(href: string | null) {
      frameWindow.location.href = href;
      onLoad();
    },
  };
}

/** An answer like the probe's: `{type: 'probe', value}` from the server, value not 'stale'. */
const probeAnswer: FrameAnswer<string> = {
  kind: 'a probe answer',
  read: (data) => {
    const message = data as { type?: unknown; value?: unknown } | null;
    return message?.type === 'probe' && typeof message.value === 'string' ? message.value : null;
  },
  origin: AUTH,
  refuse: (value) => (value === 'stale' ? 'a probe answer to an earlier request' : null),
};

describe('HiddenFrame', () => {
  it('navigates without a history entry and resolves with the checked answer, then removes the frame', async () => {
    const { document, frame, frameWindow } = fakeFrame();
    const ignored: string[] = [];
    const hidden = new HiddenFrame<string>({
      timeoutMs: 10_000,
      onIgnoredMessage: (reason) => ignored.push(reason),
      document,
    });
    const outcome = hidden.navigate(`${AUTH}/probe`, probeAnswer);
    expect(frameWindow.location.replace).toHaveBeenCalledWith(`${AUTH}/probe`);
    expect(hidden.isWaiting).toBe(true);
    const data = (value: string) => ({ type: 'probe', value });
    expect(hidden.receive({ origin: AUTH, source: frameWindow, data: { other: 1 } })).toBe(false);
    expect(hidden.receive({ origin: AUTH, source: {}, data: data('yes') })).toBe(true);
    expect(
      hidden.receive({ origin: 'https://evil.example', source: frameWindow, data: data('yes') }),
    ).toBe(true);
    expect(hidden.receive({ origin: AUTH, source: frameWindow, data: data('stale') })).toBe(true);
    expect(ignored).toEqual([
      'a probe answer from a window other than our frame',
      'a probe answer from the wrong origin https://evil.example',
      'a probe answer to an earlier request',
    ]);
    hidden.receive({ origin: AUTH, source: frameWindow, data: data('yes') });
    await expect(outcome).resolves.toMatchObject({ decidedBy: 'message', answer: 'yes' });
    expect(frame.remove).toHaveBeenCalledOnce();
    expect(hidden.isWaiting).toBe(false);
  });

  it('diagnoses a frame that loaded without answering, after the grace and well before the timeout', async () => {
    vi.useFakeTimers();
    try {
      const { document, frame, load } = fakeFrame();
      const isServerReachable = vi.fn(async () => true);
      const hidden = new HiddenFrame<string>({
        timeoutMs: 60_000,
        loadGraceMs: 500,
        isServerReachable,
        document,
      });
      let outcome: unknown = null;
      void hidden.navigate(`${AUTH}/probe`, probeAnswer).then((result) => {
        outcome = result;
      });
      // The first load is the frame's own about:blank: not a page that failed to answer.
      load('about:blank');
      await vi.advanceTimersByTimeAsync(1_000);
      expect(outcome).toBeNull();
      load(null);
      await vi.advanceTimersByTimeAsync(499);
      expect(isServerReachable).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(1);
      // The diagnosis loads on its first use (a chunk of its own): that takes a few real ticks.
      await vi.waitFor(() =>
        expect(outcome).toMatchObject({
          decidedBy: 'load_without_message',
          failure: { reason: 'frame_blocked' },
        }),
      );
      expect(frame.remove).toHaveBeenCalledOnce();
    } finally {
      vi.useRealTimers();
    }
  });

  it('still takes the answer that comes within the grace after the load', async () => {
    vi.useFakeTimers();
    try {
      const { document, frameWindow, load } = fakeFrame();
      const hidden = new HiddenFrame<string>({ timeoutMs: 60_000, document });
      const outcome = hidden.navigate(`${AUTH}/probe`, probeAnswer);
      load(null);
      await vi.advanceTimersByTimeAsync(100);
      hidden.receive({ origin: AUTH, source: frameWindow, data: { type: 'probe', value: 'late' } });
      await expect(outcome).resolves.toMatchObject({ decidedBy: 'message', answer: 'late' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('times out when the frame neither answers nor loads', async () => {
    vi.useFakeTimers();
    try {
      const { document } = fakeFrame();
      const hidden = new HiddenFrame<string>({ timeoutMs: 3_000, document });
      const outcome = hidden.navigate(`${AUTH}/probe`, probeAnswer);
      await vi.advanceTimersByTimeAsync(3_000);
      await expect(outcome).resolves.toMatchObject({
        decidedBy: 'timeout',
        failure: { reason: 'timeout' },
      });
    } finally {
      vi.useRealTimers();
    }
  });

  it('listens on the window it is given only while a request waits', async () => {
    const { document, frameWindow } = fakeFrame();
    const target = new EventTarget();
    const hidden = new HiddenFrame<string>({
      timeoutMs: 10_000,
      listenOn: target as Window,
      document,
    });
    const outcome = hidden.navigate(`${AUTH}/probe`, probeAnswer);
    const post = (value: string) =>
      target.dispatchEvent(
        Object.assign(new Event('message'), {
          origin: AUTH,
          source: frameWindow,
          data: { type: 'probe', value },
        }),
      );
    post('heard');
    await expect(outcome).resolves.toMatchObject({ decidedBy: 'message', answer: 'heard' });
    const receive = vi.spyOn(hidden, 'receive');
    post('after');
    expect(receive).not.toHaveBeenCalled();
  });

  it('rejects a request that close() cancels, and removes its frame', async () => {
    const { document, frame } = fakeFrame();
    const hidden = new HiddenFrame<string>({ timeoutMs: 10_000, document });
    const outcome = hidden.navigate(`${AUTH}/probe`, probeAnswer);
    hidden.close();
    await expect(outcome).rejects.toThrow('cancelled');
    expect(frame.remove).toHaveBeenCalledOnce();
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
