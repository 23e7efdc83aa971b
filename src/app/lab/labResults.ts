import { createStore } from 'zustand/vanilla';
import type { ExperimentId, ExperimentRecord } from '../../lab/labRecord.ts';

export interface LabResults {
  records: Partial<Record<ExperimentId, ExperimentRecord>>;
  running: ExperimentId[];
}

/**
 * The lab's results for this page load, outside React so they survive a visit to another page
 * of the app and back (like the session timeline does). Nothing is stored anywhere else.
 */
export const labResults = createStore<LabResults>()(() => ({ records: {}, running: [] }));

export function markRunning(id: ExperimentId, running: boolean): void {
  labResults.setState((state) => ({
    running: running ? [...state.running, id] : state.running.filter((other) => other !== id),
  }));
}

export function keepRecord(record: ExperimentRecord): void {
  labResults.setState((state) => ({ records: { ...state.records, [record.id]: record } }));
}
