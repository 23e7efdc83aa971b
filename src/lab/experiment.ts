import type { LabEnvironment } from './labEnvironment.ts';
import type { ExperimentId, ExperimentRecord, LabOutcome } from './labRecord.ts';

/** One restriction of the reference documents, as an experiment the page can run. */
export interface Experiment {
  id: ExperimentId;
  number: number;
  title: string;
  /** The rule being tried, in the documents' words (roughly). */
  rule: string;
  /** Said before running: what it needs, or what it does to the session of this tab. */
  caution?: string;
  run(env: LabEnvironment): Promise<ExperimentRecord>;
}

type RecordParts = Omit<ExperimentRecord, 'id' | 'startedAt' | 'elapsedMs'>;

/** Starts the clock for one run; `finish` stamps the record with the time it took. */
export function startRecord(id: ExperimentId, now: () => number) {
  const startedAt = now();
  return {
    startedAt,
    finish: (parts: RecordParts): ExperimentRecord => ({
      id,
      startedAt,
      elapsedMs: now() - startedAt,
      ...parts,
    }),
  };
}

export const outcome = (
  verdict: LabOutcome['verdict'],
  code: string,
  summary: string,
  decidedBy?: string,
): LabOutcome => ({ verdict, code, summary, ...(decidedBy ? { decidedBy } : {}) });

/** How a diagnosis was reached, in words, for the summary line. */
export const DECIDED_BY_WORDS: Readonly<Record<string, string>> = {
  cookie_probe: 'the cookie probe',
  load_without_message: 'the frame loading without answering',
  server_answer: "the server's answer",
  timeout: 'the timeout',
};

/** Runs `experiment`; anything it throws becomes a record with verdict `error`, never a crash. */
export async function runExperiment(
  experiment: Experiment,
  env: LabEnvironment,
): Promise<ExperimentRecord> {
  const record = startRecord(experiment.id, env.now);
  try {
    return await experiment.run(env);
  } catch (error) {
    return record.finish({
      steps: [],
      outcome: outcome(
        'error',
        'lab_error',
        `The experiment could not finish: ${(error as Error)?.message ?? String(error)}`,
      ),
      explanation:
        'Something outside the experiment failed (the page lost the server, or a window was closed). Nothing was concluded.',
    });
  }
}

/** Words for a failure reason and the server's description, for summaries. */
export const describeFailure = (failure: {
  reason: string;
  error?: string | null;
  description?: string | null;
}): string =>
  `${failure.reason}${failure.error && failure.error !== failure.reason ? ` (${failure.error})` : ''}${failure.description ? `: ${failure.description}` : ''}`;
