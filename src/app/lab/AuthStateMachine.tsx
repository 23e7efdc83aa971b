import { useLayoutEffect, useRef } from 'react';
import { AUTH_STATUSES } from '../../auth/authMachine.ts';
import { useAuth } from '../AuthContext.tsx';
import { describeTimelineEntry } from '../describeTimelineEntry.ts';
import { formatClockTime } from '../formatTime.ts';

/**
 * Tells the lab how tall the sticky bar is (`--lab-state-height` on its parent), so a heading
 * scrolled to (a link, find in page, focus) stops below the bar instead of under it. The bar's
 * height changes with the window's width and the last transition's text.
 */
function useStickyHeight() {
  const ref = useRef<HTMLElement>(null);
  useLayoutEffect(() => {
    const bar = ref.current;
    const lab = bar?.parentElement;
    if (!bar || !lab) return;
    const update = () => lab.style.setProperty('--lab-state-height', `${bar.offsetHeight}px`);
    update();
    const observer = new ResizeObserver(update);
    observer.observe(bar);
    return () => {
      observer.disconnect();
      lab.style.removeProperty('--lab-state-height');
    };
  }, []);
  return ref;
}

/** The auth state machine with the current state marked and the last transition, kept in view. */
export function AuthStateMachine() {
  const ref = useStickyHeight();
  const status = useAuth((state) => state.status);
  const last = useAuth(
    (state) => state.timeline.findLast((entry) => entry.from !== entry.to) ?? null,
  );

  return (
    <section
      ref={ref}
      className="lab-state"
      aria-labelledby="lab-state-heading"
      data-testid="lab-auth-state"
      data-status={status}
    >
      <h2 id="lab-state-heading">Auth state</h2>
      <ol className="state-list" aria-label="States of the auth state machine">
        {AUTH_STATUSES.map((name) => (
          <li
            key={name}
            className={name === status ? `state state-current state-${name}` : 'state'}
            aria-current={name === status ? 'step' : undefined}
          >
            {name === status && <span className="visually-hidden">current state: </span>}
            {name}
          </li>
        ))}
      </ol>
      <p className="state-last">
        {last ? (
          <>
            Last transition at{' '}
            <time dateTime={new Date(last.at).toISOString()}>{formatClockTime(last.at)}</time>:{' '}
            <span className="transition-pair">
              {last.from} → {last.to}
            </span>{' '}
            ({describeTimelineEntry(last)})
          </>
        ) : (
          'No transition yet in this tab.'
        )}
      </p>
    </section>
  );
}
