import type { AuthFailure } from './authFailure.ts';
import type { SilentTransportName } from './clientSettings.ts';

/**
 * What the tabs of this app (same origin, issuer and client) tell each other. Tokens travel
 * only here, from memory to memory, never through storage.
 */
export type TabMessage =
  /** A tab that just started asks for the current tokens before making a request of its own. */
  | { type: 'ask' }
  /** Tokens as oidc-client-ts stores a user (`User.toStorageString()`). */
  | { type: 'tokens'; user: string }
  /** The answer to `ask` of a tab that has no tokens to give (and no request under way). */
  | { type: 'no_tokens' }
  /** A renewal of the access token that expires at `of` failed. */
  | {
      type: 'renew_failed';
      of: number;
      failure: AuthFailure;
      transport: SilentTransportName;
      durationMs: number;
    }
  | { type: 'logged_out' };

export interface TabChannel {
  post(message: TabMessage): void;
  /** Messages from the other tabs, unchecked: the receiver checks them. */
  listen(listener: (data: unknown) => void): void;
  /** How many other tabs of this app were open when this one started (Infinity when unsure). */
  otherTabs(): Promise<number>;
  /**
   * Runs `task` holding the renewal lock shared by all tabs; `contended` when another tab held
   * it first (and so may just have renewed).
   */
  exclusive<T>(task: (contended: boolean) => Promise<T>): Promise<T>;
}

/** The browser's APIs by default; null where the browser has none. */
export interface TabChannelOptions {
  BroadcastChannel?: typeof BroadcastChannel | null;
  locks?: (Pick<LockManager, 'request'> & Partial<Pick<LockManager, 'query'>>) | null;
}

/**
 * A {@link TabChannel} on BroadcastChannel and Web Locks. Without them (old browsers, Node) the
 * tab is alone: messages go nowhere and the lock is always free.
 */
export function openTabChannel(
  name: string,
  {
    BroadcastChannel: Channel = globalThis.BroadcastChannel,
    locks = globalThis.navigator?.locks,
  }: TabChannelOptions = {},
): TabChannel {
  const channel = Channel ? new Channel(name) : null;
  // Every tab holds a shared "open" lock for its lifetime: a tab that starts sees the others'
  // in `query()` and does not wait for answers from nobody.
  const open = `${name} open`;
  const unsure = Number.POSITIVE_INFINITY;
  const others: Promise<number> = !channel
    ? Promise.resolve(0)
    : locks?.query
      ? locks.query().then(
          ({ held }) => (held ? held.filter((lock) => lock.name === open).length : unsure),
          () => unsure,
        )
      : Promise.resolve(unsure);
  void others.then(() => locks?.request(open, { mode: 'shared' }, () => new Promise(() => {})));
  return {
    post: (message) => channel?.postMessage(message),
    listen: (listener) =>
      channel?.addEventListener('message', (event) => listener((event as MessageEvent).data)),
    otherTabs: () => others,
    exclusive: <T>(task: (contended: boolean) => Promise<T>) =>
      locks
        ? (locks.request(name, { ifAvailable: true }, (lock) =>
            lock ? task(false) : locks.request(name, () => task(true)),
          ) as Promise<T>)
        : task(false),
  };
}
