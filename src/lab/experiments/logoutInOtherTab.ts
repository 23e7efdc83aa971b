import type { AuthStore } from '../../auth/authStore.ts';
import { type Experiment, outcome, startRecord } from '../experiment.ts';
import type { LabStep } from '../labRecord.ts';

/** The lab page opened with this query plays the other tab (see actAsOtherTab). */
export const OTHER_TAB_QUERY = 'role=other-tab';
const MESSAGE_TYPE = 'silent-auth-lab:other-tab';
const WINDOW_NAME = 'silent-auth-lab-other-tab';

export type OtherTabMessage =
  | { type: typeof MESSAGE_TYPE; phase: 'ready'; status: string; signedInVia: string | null }
  | { type: typeof MESSAGE_TYPE; phase: 'logging-out'; at: number }
  | { type: typeof MESSAGE_TYPE; phase: 'gave-up'; status: string }
  | { type: typeof MESSAGE_TYPE; command: 'log-out' };

const isOtherTabMessage = (data: unknown): data is OtherTabMessage =>
  (data as { type?: unknown } | null)?.type === MESSAGE_TYPE;

export type OtherTabPhase = 'no-opener' | 'waiting' | 'ready' | 'logging-out' | 'gave-up';

/**
 * The other tab's side of experiment 8: once this app instance is signed in (with the tokens the
 * first tab shares), say so to the tab that opened it, and log out when — and only when — that
 * tab asks (same origin, the very window that opened this one). A link to this page alone does
 * nothing. Returns a function that stops it.
 */
export function actAsOtherTab({
  window,
  auth,
  now,
  onPhase,
  giveUpAfterMs = 8_000,
}: {
  window: Window;
  auth: AuthStore;
  now: () => number;
  onPhase: (phase: OtherTabPhase) => void;
  giveUpAfterMs?: number;
}): () => void {
  const opener = window.opener as Window | null;
  if (!opener) {
    onPhase('no-opener');
    return () => {};
  }
  const origin = window.location.origin;
  const post = (message: OtherTabMessage) => opener.postMessage(message, origin);
  let ready = false;
  onPhase('waiting');
  const announce = () => {
    const { status, timeline } = auth.getState();
    if (ready || status !== 'authenticated') return;
    ready = true;
    clearTimeout(giveUp);
    const signedIn = timeline.findLast((entry) => entry.type === 'signed_in');
    post({
      type: MESSAGE_TYPE,
      phase: 'ready',
      status,
      signedInVia: signedIn?.type === 'signed_in' ? signedIn.via : null,
    });
    onPhase('ready');
  };
  const giveUp = setTimeout(() => {
    if (ready) return;
    post({ type: MESSAGE_TYPE, phase: 'gave-up', status: auth.getState().status });
    onPhase('gave-up');
  }, giveUpAfterMs);
  const unsubscribe = auth.subscribe(announce);
  const onMessage = (event: MessageEvent) => {
    if (event.source !== opener || event.origin !== origin || !isOtherTabMessage(event.data))
      return;
    if (!('command' in event.data) || event.data.command !== 'log-out' || !ready) return;
    post({ type: MESSAGE_TYPE, phase: 'logging-out', at: now() });
    onPhase('logging-out');
    void auth.getState().logout();
  };
  window.addEventListener('message', onMessage);
  announce();
  return () => {
    clearTimeout(giveUp);
    unsubscribe();
    window.removeEventListener('message', onMessage);
  };
}

/** The next message of `phases` from `from`, or null after `timeoutMs`. */
function nextMessage(
  window: Window,
  from: Window,
  phases: readonly string[],
  timeoutMs: number,
): Promise<OtherTabMessage | null> {
  return new Promise((resolve) => {
    const done = (message: OtherTabMessage | null) => {
      clearTimeout(timer);
      window.removeEventListener('message', onMessage);
      resolve(message);
    };
    const onMessage = (event: MessageEvent) => {
      if (event.source !== from || event.origin !== window.location.origin) return;
      if (
        isOtherTabMessage(event.data) &&
        'phase' in event.data &&
        phases.includes(event.data.phase)
      )
        done(event.data);
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    window.addEventListener('message', onMessage);
  });
}

/** Resolves with the time this tab's state says "logged out by another tab", or null. */
function loggedOutByOtherTab(auth: AuthStore, now: () => number, timeoutMs: number) {
  return new Promise<number | null>((resolve) => {
    const check = () => {
      const { status, loggedOutBy } = auth.getState();
      if (status === 'anonymous' && loggedOutBy === 'other_tab') done(now());
    };
    const done = (at: number | null) => {
      clearTimeout(timer);
      unsubscribe();
      resolve(at);
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    const unsubscribe = auth.subscribe(check);
    check();
  });
}

/** Waits (a few seconds at most) until `popup` is back on our origin after the server's logout. */
async function backOnOurOrigin(popup: Window, origin: string, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if (popup.closed) return false;
      if (
        popup.location.origin === origin &&
        popup.location.pathname === '/' &&
        popup.document.readyState === 'complete'
      )
        return true;
    } catch {
      // On the server's origin during the logout: not readable, keep waiting.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/** Experiment 8: log out in another tab; this tab notices. */
export const logoutInOtherTab: Experiment = {
  id: 'other-tab-logout',
  number: 8,
  title: 'Logout in another tab',
  rule: 'Logging out must end the session everywhere: the other tabs of the app must notice at once, not at their next renewal.',
  caution:
    'Signs you out for real: the lab opens this app in a new tab, which logs out (here and at the server) and is closed again.',
  async run(env) {
    const record = startRecord('other-tab-logout', env.now);
    const { auth, window } = env;
    const explanation =
      "Tokens live in each tab's memory only, so a logout has to be told to the other tabs: the tab that logs out posts logged_out on a BroadcastChannel of this origin, and every other tab forgets its tokens at once, before the server's end-session redirect has even started. The server session ends too (RP-initiated logout), so no tab can renew silently afterwards.";
    if (auth.getState().status !== 'authenticated') {
      return record.finish({
        steps: [],
        outcome: outcome(
          'precondition',
          'not_signed_in',
          'Sign in first: this tab has to be signed in to notice a logout.',
        ),
        explanation,
        followUp: { kind: 'sign-in-again', text: 'Sign in, then run it again.' },
      });
    }
    const url = `${window.location.origin}/lab?${OTHER_TAB_QUERY}`;
    const steps: LabStep[] = [];
    const openStep: LabStep = {
      title: 'Open this app in a new tab (it takes the tokens of this one)',
      request: { method: 'GET', url, via: 'new tab' },
    };
    steps.push(openStep);
    const openedAt = env.now();
    const popup = window.open(url, WINDOW_NAME);
    if (!popup) {
      openStep.response = { kind: 'none', note: 'The browser blocked the new tab.' };
      return record.finish({
        steps,
        outcome: outcome(
          'precondition',
          'tab_blocked',
          'The browser did not let the lab open a tab: allow pop-ups for this page.',
        ),
        explanation,
      });
    }
    const ready = await nextMessage(window, popup, ['ready', 'gave-up'], 10_000);
    openStep.durationMs = env.now() - openedAt;
    if (!ready || !('phase' in ready) || ready.phase !== 'ready') {
      openStep.response = { kind: 'none', note: 'The new tab did not sign in.' };
      popup.close();
      return record.finish({
        steps,
        outcome: outcome(
          'error',
          'other_tab_not_ready',
          'The other tab did not get signed in, so it had nothing to log out of.',
        ),
        explanation,
      });
    }
    openStep.response = { kind: 'message', origin: window.location.origin, body: ready };

    const logoutStep: LabStep = {
      title:
        'Ask the other tab to log out (its Log-out action: BroadcastChannel, then end-session redirect)',
      request: {
        method: 'POST',
        url: 'postMessage to the other tab',
        via: 'new tab',
        body: { command: 'log-out' },
      },
    };
    steps.push(logoutStep);
    const loggingOut = nextMessage(window, popup, ['logging-out'], 5_000);
    const noticed = loggedOutByOtherTab(auth, env.now, 8_000);
    popup.postMessage(
      { type: MESSAGE_TYPE, command: 'log-out' } satisfies OtherTabMessage,
      window.location.origin,
    );
    const started = await loggingOut;
    const noticedAt = await noticed;
    if (started && 'phase' in started) {
      logoutStep.response = { kind: 'message', origin: window.location.origin, body: started };
    }
    const startedAt = started && 'at' in started ? started.at : null;
    const lag =
      noticedAt !== null && startedAt !== null ? Math.max(0, noticedAt - startedAt) : null;
    const entry = auth.getState().timeline.findLast((item) => item.type === 'logged_out');
    steps.push({
      title: 'This tab',
      observations: [
        {
          label: 'state now',
          value: auth.getState().status,
          flag: noticedAt !== null ? 'ok' : 'bad',
        },
        {
          label: 'timeline',
          value:
            entry?.type === 'logged_out'
              ? `logged_out (initiator: ${entry.initiator})`
              : 'no logout recorded',
          flag: entry?.type === 'logged_out' && entry.initiator === 'other_tab' ? 'ok' : 'bad',
        },
        { label: 'noticed after', value: lag === null ? 'not noticed' : `${lag} ms` },
      ],
    });
    const back = await backOnOurOrigin(popup, window.location.origin, 6_000);
    steps.push({
      title: 'The other tab',
      observations: [
        {
          label: 'server logout',
          value: back
            ? 'done: the end-session redirect came back to this app, and the lab closed the tab'
            : 'not seen coming back (the tab was closed anyway)',
          flag: back ? 'ok' : 'info',
        },
      ],
    });
    popup.close();
    return record.finish({
      steps,
      outcome:
        lag !== null
          ? outcome(
              'confirmed',
              'noticed',
              `This tab noticed the other tab's logout after ${lag} ms and forgot its tokens.`,
            )
          : outcome(
              'contradicted',
              'not_noticed',
              'This tab did not notice the logout of the other tab.',
            ),
      explanation,
      followUp: {
        kind: 'sign-in-again',
        text: 'You are signed out now (that was the experiment).',
      },
    });
  },
};
