import { AUTH_STATUSES } from '../../auth/authMachine.ts';
import { useAuth } from '../AuthContext.tsx';
import { describeTimelineEntry } from '../describeTimelineEntry.ts';
import { formatClockTime } from '../formatTime.ts';

/** The auth state machine with the current state marked and the last transition, kept in view. */
export function AuthStateMachine() {
  const status = useAuth((state) => state.status);
  const last = useAuth(
    (state) => state.timeline.findLast((entry) => entry.from !== entry.to) ?? null,
  );

  return (
    <section
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
