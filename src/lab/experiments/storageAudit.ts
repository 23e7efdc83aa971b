import { classifyStoredItem, isPersistentArea } from '../classifyStoredValue.ts';
import { type Experiment, outcome, startRecord } from '../experiment.ts';
import { fingerprint } from '../fingerprint.ts';
import type { LabStep, Observation } from '../labRecord.ts';
import { scanOriginStorage } from '../scanOriginStorage.ts';

/** Experiment 11: every storage of the SPA origin, scanned now. */
export const storageAudit: Experiment = {
  id: 'storage-audit',
  number: 11,
  title: 'Storage audit',
  rule: 'No refresh token anywhere in the browser, and no access token kept beyond the tab: tokens live in memory.',
  async run(env) {
    const record = startRecord('storage-audit', env.now);
    const scans = await scanOriginStorage(env.window);
    const steps: LabStep[] = [];
    const violations: string[] = [];
    for (const scan of scans) {
      const observations: Observation[] = [];
      for (const item of scan.items) {
        const finding = classifyStoredItem(item);
        if (finding.violation)
          violations.push(`${finding.violation} in ${item.area} (${item.key})`);
        const tokens = finding.kinds.filter((kind) => kind !== 'other');
        observations.push({
          label: item.key,
          value: `${tokens.length ? `holds ${tokens.join(', ')}` : 'no token'} — ${item.value.length} chars, ${await fingerprint(item.value)}${finding.violation ? ` — against the rule: ${finding.violation}` : ''}`,
          flag: finding.violation ? 'bad' : tokens.length ? 'info' : 'ok',
        });
      }
      steps.push({
        title: `${scan.area}${isPersistentArea(scan.area) ? ' (outlives the tab)' : ' (this tab only)'}: ${scan.problem ? 'could not be read' : `${scan.items.length} item${scan.items.length === 1 ? '' : 's'}`}`,
        request: { method: 'READ', url: scan.area, via: 'storage scan' },
        ...(scan.problem ? { note: scan.problem } : {}),
        observations: observations.length
          ? observations
          : [
              {
                label: 'items',
                value: scan.problem ? `not scanned: ${scan.problem}` : 'empty',
                flag: scan.problem ? 'info' : 'ok',
              },
            ],
      });
    }
    const items = scans.reduce((total, scan) => total + scan.items.length, 0);
    return record.finish({
      steps,
      outcome:
        violations.length === 0
          ? outcome(
              'confirmed',
              'clean',
              `${items} stored item${items === 1 ? '' : 's'} in ${scans.length} storages: no refresh token, no access token kept beyond the tab.`,
            )
          : outcome('contradicted', 'token_stored', `Found ${violations.join('; ')}.`),
      explanation:
        "The app keeps its tokens in memory (a closure in the auth core) and never asks for a refresh token, so there is nothing to steal from storage: a reload forgets the tokens, and the app gets new ones from another tab or silently from the server. What sessionStorage may hold during a sign-in is the transaction's state and PKCE verifier (useless once the code is exchanged) and the lab's settings. The session that keeps you signed in is the authorization server's httpOnly cookie, which no script on this page can read — not even this audit.",
    });
  },
};
