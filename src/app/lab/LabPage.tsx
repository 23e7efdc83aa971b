import { useStore } from 'zustand';
import type { AuthStore } from '../../auth/authStore.ts';
import type { Experiment } from '../../lab/experiment.ts';
import { runExperiment } from '../../lab/experiment.ts';
import { EXPERIMENTS, SESSION_KEEPING_EXPERIMENTS } from '../../lab/experiments.ts';
import { AuthStateMachine } from './AuthStateMachine.tsx';
import { ExperimentCard } from './ExperimentCard.tsx';
import { keepRecord, labResults, markRunning } from './labResults.ts';
import { TokenInspector } from './TokenInspector.tsx';
import { TokenTimelineChart } from './TokenTimelineChart.tsx';
import { useLabEnvironment } from './useLabEnvironment.ts';

/**
 * The restrictions lab: each rule of the reference documents as an experiment that runs real
 * requests against the bundled server and shows them, with the auth state, the current tokens
 * and their timeline in view.
 */
export function LabPage({ store }: { store: AuthStore }) {
  const env = useLabEnvironment(store);
  const records = useStore(labResults, (state) => state.records);
  const running = useStore(labResults, (state) => state.running);
  const busy = running.length > 0;

  const run = async (experiment: Experiment) => {
    markRunning(experiment.id, true);
    try {
      keepRecord(await runExperiment(experiment, env));
    } finally {
      markRunning(experiment.id, false);
    }
  };
  const runAll = async () => {
    for (const experiment of SESSION_KEEPING_EXPERIMENTS) await run(experiment);
  };
  const done = Object.keys(records).length;

  return (
    <div className="lab">
      <section aria-labelledby="lab-heading" className="lab-intro">
        <h1 id="lab-heading">Restrictions lab</h1>
        <p>
          Each rule about refresh tokens and silent renewal from the reference documents, as an
          experiment: one click sends real requests to the bundled authorization server, and the
          page shows what it sent, what came back (tokens decoded or fingerprinted, never whole) and
          why. Nothing here is recorded in advance.
        </p>
      </section>
      <AuthStateMachine />
      <div className="lab-overview">
        <TokenTimelineChart store={store} />
        <TokenInspector />
      </div>
      <section aria-labelledby="experiments-heading" className="experiments">
        <h2 id="experiments-heading">Experiments</h2>
        <div className="button-row">
          <button type="button" onClick={() => void runAll()} disabled={busy}>
            Run every experiment that keeps your session
          </button>
          <span className="muted" role="status" data-testid="lab-progress">
            {busy
              ? `Running ${running.length === 1 ? 'one experiment' : `${running.length} experiments`}…`
              : `${done} of ${EXPERIMENTS.length} run`}
          </span>
        </div>
        <ol className="experiment-list">
          {EXPERIMENTS.map((experiment) => (
            <li key={experiment.id}>
              <ExperimentCard
                experiment={experiment}
                record={records[experiment.id]}
                running={running.includes(experiment.id)}
                busy={busy}
                onRun={() => void run(experiment)}
              />
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
