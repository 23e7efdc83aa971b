/** The Markdown section of the diagnosis benchmark (bench/diagnosis.ts). */
import {
  DIAGNOSES,
  DIAGNOSIS_CLIENTS,
  type DiagnosisFigures,
  type DiagnosisReport,
} from '../diagnosis.ts';

/** DESIGN.md's target for our SPA: every diagnosis well under 2 s (reported, never asserted). */
const TARGET_MS = 2_000;

const seconds = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : 'n/a');

function cell(f: DiagnosisFigures | undefined, capSeconds: number): string {
  if (!f || f.samplesMs.length === 0) return 'not measured';
  const n = f.samplesMs.length;
  const said = Object.entries(f.outcomes)
    .map(([outcome, count]) => (count === n ? outcome : `${outcome} ×${count}`))
    .join(', ');
  const time =
    f.capped === n
      ? `≥ ${capSeconds} s (gave up waiting)`
      : `${seconds(f.medianMs)} / ${seconds(f.p95Ms)}${f.capped > 0 ? ` (${f.capped} capped at ${capSeconds} s)` : ''}`;
  return `${time}; ${said}; n=${n}`;
}

export function diagnosisSection(r: DiagnosisReport): string[] {
  const ours = DIAGNOSES.map((d) => r.cases[d]?.['silent-auth-lab']).filter(
    (f): f is DiagnosisFigures => f !== undefined,
  );
  const slowest = Math.max(...ours.map((f) => f.medianMs));
  return [
    '## Time to each silent-renewal diagnosis',
    '',
    `${r.browser}, against the bundled server, the same failure for each client in the same run. Ours: the SPA's "Renew now", the duration and reason its store records. oidc-client-ts \`UserManager.signinSilent\` (\`silentRequestTimeoutInSeconds\` ${r.sdkTimeoutSeconds['oidc-client-ts']} s by default) and auth0-spa-js \`getTokenSilently\` (\`authorizeTimeoutInSeconds\` ${r.sdkTimeoutSeconds['auth0-spa-js']} s by default), unchanged, hosted on a page of the SPA origin; timed in the page from the call to its answer, waited for ${r.capSeconds} s at most. An SDK case stops after two samples that waited for a timeout. Each cell: median / p95; what the client said; samples.`,
    '',
    `| failure | silent-auth-lab | oidc-client-ts | auth0-spa-js |`,
    '|---|---|---|---|',
    ...DIAGNOSES.map(
      (d) =>
        `| ${d} | ${DIAGNOSIS_CLIENTS.map((client) => cell(r.cases[d]?.[client], r.capSeconds)).join(' | ')} |`,
    ),
    '',
    `Our slowest median: ${seconds(slowest)} (target: well under ${seconds(TARGET_MS)}; ${slowest < TARGET_MS ? 'met' : 'not met'} in this run). The SDKs' "login_required" for third-party cookies blocked is the wrong cause: the session exists, only the frame does not get its cookie.`,
    '',
  ];
}
