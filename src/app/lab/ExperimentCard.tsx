import type { Experiment } from '../../lab/experiment.ts';
import type { ExperimentRecord, FollowUp } from '../../lab/labRecord.ts';
import { useAuth } from '../AuthContext.tsx';
import { describeVerdict } from './describeVerdict.ts';
import { StepView } from './StepView.tsx';

function FollowUpAction({ followUp }: { followUp: FollowUp }) {
  const login = useAuth((state) => state.login);
  const status = useAuth((state) => state.status);
  switch (followUp.kind) {
    case 'run-command':
      return (
        <p className="follow-up">
          {followUp.text} <code>{followUp.command}</code>
        </p>
      );
    case 'sign-in-again':
      if (status === 'authenticated' || status === 'renewing') return null;
      return (
        <p className="follow-up">
          {followUp.text}{' '}
          <button type="button" onClick={() => void login('/lab')}>
            Sign in again
          </button>
        </p>
      );
    case 'top-level-sign-in':
      return (
        <p className="follow-up">
          {followUp.text}{' '}
          <button type="button" onClick={() => void login('/lab')}>
            Use the fallback: full-page sign-in
          </button>
        </p>
      );
  }
}

function Result({ record }: { record: ExperimentRecord }) {
  return (
    <>
      <p className="explanation">
        <strong>Why: </strong>
        {record.explanation}
      </p>
      {record.followUp && <FollowUpAction followUp={record.followUp} />}
      {record.steps.length > 0 && (
        <>
          <h4>What was sent, what came back</h4>
          <ol className="steps">
            {record.steps.map((step, index) => (
              // Steps never move: the position is their identity.
              // biome-ignore lint/suspicious/noArrayIndexKey: a record's steps are fixed once made
              <StepView key={index} step={step} />
            ))}
          </ol>
        </>
      )}
    </>
  );
}

/** One experiment: what it tries, its run button, its outcome (announced) and its evidence. */
export function ExperimentCard({
  experiment,
  record,
  running,
  busy,
  onRun,
}: {
  experiment: Experiment;
  record: ExperimentRecord | undefined;
  running: boolean;
  /** Another experiment is running (they share the page's frames and session). */
  busy: boolean;
  onRun: () => void;
}) {
  const titleId = `experiment-${experiment.id}-title`;
  const verdict = record ? describeVerdict(record.outcome.verdict) : null;
  return (
    <article
      className="experiment"
      aria-labelledby={titleId}
      data-testid={`experiment-${experiment.id}`}
    >
      <header className="experiment-header">
        <span className="experiment-number" aria-hidden="true">
          {experiment.number}
        </span>
        <h3 id={titleId}>
          <span className="visually-hidden">Experiment {experiment.number}: </span>
          {experiment.title}
        </h3>
      </header>
      <p className="rule">{experiment.rule}</p>
      {experiment.caution && (
        <p className="caution">
          <strong>Note: </strong>
          {experiment.caution}
        </p>
      )}
      <div className="button-row">
        <button
          type="button"
          className="primary"
          onClick={onRun}
          disabled={running || busy}
          aria-describedby={titleId}
        >
          {running
            ? `Running experiment ${experiment.number}…`
            : `Run experiment ${experiment.number}`}
        </button>
      </div>
      <div
        role="status"
        className={record ? `outcome outcome-${record.outcome.verdict}` : 'outcome outcome-none'}
        data-testid="experiment-outcome"
        data-verdict={record?.outcome.verdict}
        data-code={record?.outcome.code}
        data-decided-by={record?.outcome.decidedBy}
      >
        {running ? (
          <p>Running…</p>
        ) : record && verdict ? (
          <p>
            <span className="verdict">
              <span aria-hidden="true">{verdict.icon} </span>
              {verdict.text}:
            </span>{' '}
            <code className="outcome-code">{record.outcome.code}</code> — {record.outcome.summary}{' '}
            <span className="muted">({record.elapsedMs} ms)</span>
          </p>
        ) : (
          <p className="muted">Not run yet.</p>
        )}
      </div>
      {record && !running && <Result record={record} />}
    </article>
  );
}
