import type { AuthFailure } from '../../auth/authFailure.ts';
import type { CookieProbeResult } from '../../auth/cookieProbe.ts';
import type { StorageAccessReport } from '../../protocol/oauth.ts';
import { describeFailure, type Experiment, outcome, startRecord } from '../experiment.ts';
import type { FollowUp, LabOutcome, LabStep } from '../labRecord.ts';
import {
  probeCookies,
  runSilentCodeFlow,
  STORAGE_ACCESS_WORDS,
  sessionPrecondition,
} from '../silentCodeFlow.ts';

/** What the experiment saw: the renewal's failure (null: tokens came), and the probe's answer. */
export interface StorageAccessEvidence {
  failure: AuthFailure | null;
  probe: CookieProbeResult | null;
  report: StorageAccessReport | null;
}

/**
 * The verdict, on the evidence the page itself saw (never the server's log, which needs the
 * control API's secret):
 * - renewed, and the probe's cookie came back `active` after an `inactive` first request: the
 *   grant and the server's retry carried it (confirmed);
 * - renewed, and the cookie needed no grant (same site, or third-party cookies allowed): there is
 *   nothing to show here (precondition `storage_access_not_needed`);
 * - blocked: the cookie probe's storage access finding (grantable, denied, no API…) is the cause;
 * - no session although the cookie came: sign in first.
 */
export function judgeStorageAccessRenewal({ failure, probe, report }: StorageAccessEvidence): {
  outcome: LabOutcome;
  followUp?: FollowUp;
} {
  if (failure) {
    if (failure.reason === 'third_party_cookies_blocked') {
      const access = failure.storageAccess ?? 'no_api';
      return {
        outcome: outcome(
          'precondition',
          'third_party_cookies_blocked',
          `Blocked: the browser kept the server's cookie out of the hidden frame (storage access: ${STORAGE_ACCESS_WORDS[access]}).${access === 'grantable' ? ' Allow it once with the button the app offers when its own renewal is blocked (Renew now), then run this again.' : ''}`,
          failure.decidedBy,
        ),
        followUp: {
          kind: 'top-level-sign-in',
          text: 'Without the grant, only a full-page sign-in works at this host.',
        },
      };
    }
    const precondition = sessionPrecondition(failure);
    if (precondition) return precondition;
    return { outcome: outcome('error', failure.reason, describeFailure(failure)) };
  }
  if (probe?.storageAccess === 'active') {
    return {
      outcome: outcome(
        'confirmed',
        'renewed_with_storage_access',
        `Renewed across sites with no click: the frame's first request came ${report?.first ?? 'without a Sec-Fetch-Storage-Access header'}, the server answered retry, and the browser resent it active with the cookie.`,
        'cookie_probe',
      ),
    };
  }
  if (probe?.storageAccess === 'not_needed') {
    return {
      outcome: outcome(
        'precondition',
        'storage_access_not_needed',
        'Storage access is not needed here: the server is the same site as this page (or this browser allows third-party cookies), so the hidden frame renews with the cookie anyway. Choose the host 127.0.0.1 to try it across sites.',
        'cookie_probe',
      ),
    };
  }
  return {
    outcome: outcome(
      'error',
      'probe_inconclusive',
      probe
        ? `Renewed, yet the cookie probe found ${STORAGE_ACCESS_WORDS[probe.storageAccess]}.`
        : 'Renewed, but the cookie probe did not answer, so how the cookie came is unknown.',
    ),
  };
}

/** The storage access headers the probe's requests came with, in the order they came. */
export function storageAccessObservations(
  probe: CookieProbeResult | null,
  report: StorageAccessReport | null,
): LabStep['observations'] {
  if (!probe || !report) return [];
  const retried = report.first === 'inactive' && report.header === 'active';
  return [
    {
      label: 'first request',
      value: `Sec-Fetch-Storage-Access: ${report.first ?? '(none sent)'}${report.first === 'inactive' ? ', no cookie (a grant exists, not yet used)' : ''}`,
    },
    {
      label: "the server's answer",
      value: retried
        ? `Activate-Storage-Access: retry (a 401 the browser acts on; the page cannot read it, the change from inactive to active is its trace)`
        : 'no retry asked (nothing to retry with)',
      flag: 'info',
    },
    {
      label: 'last request',
      value: `Sec-Fetch-Storage-Access: ${report.header ?? '(none sent)'}, cookie ${probe.cookies ? 'sent' : 'withheld'}`,
      flag: probe.cookies ? 'ok' : 'bad',
    },
  ];
}

/**
 * Experiment 12: cross-site renewal after one storage-access grant. The grant (a person's
 * "Allow" on the server's framed page; in tests, the kit's) lets the server's hidden frames have
 * its SameSite=None cookie under this top-level site; the server asks for it with the Storage
 * Access headers, so the frame renews with no click.
 */
export const storageAccessRenewal: Experiment = {
  id: 'storage-access',
  number: 12,
  title: 'Cross-site renewal after one storage-access grant',
  rule: 'Once the person has granted the authorization server storage access under this site, its hidden frame gets its cookie again (Storage Access headers: inactive, retry, active), so silent renewal works across sites without a click.',
  caution:
    'Uses your session at the server (prompt=none); the tokens it gets are thrown away. Across sites it needs the grant the app offers.',
  async run(env) {
    const record = startRecord('storage-access', env.now);
    const { authority } = env.settings;
    // Storage access is about the hidden frame: with FedCM chosen, the frame it falls back to.
    const silentTransport =
      env.settings.silentTransport === 'fedcm' ? 'web_message' : env.settings.silentTransport;
    const flow = await runSilentCodeFlow(env, {
      label: `Renewal at ${new URL(authority).host} (${silentTransport})`,
      transport: silentTransport,
      diagnose: true,
    });
    const steps = [...flow.steps];
    let probe: CookieProbeResult | null = null;
    let report: StorageAccessReport | null = null;
    if (flow.failure === null) {
      // The renewal's own frame cannot be read; the probe, framed the same way, shows its way in.
      const probed = await probeCookies(env, authority);
      ({ probe, report } = probed);
      steps.push({
        ...probed.step,
        title: 'How the cookie got into the frame: the cookie probe, framed the same way',
        observations: [
          ...(probed.step.observations ?? []),
          ...(storageAccessObservations(probe, report) ?? []),
        ],
      });
    }
    const judged = judgeStorageAccessRenewal({ failure: flow.failure, probe, report });
    return record.finish({
      steps,
      outcome: judged.outcome,
      explanation: `A hidden frame of ${new URL(authority).host} on ${new URL(env.settings.spaOrigin).host} is a third-party context when the two are different sites: the browser keeps the server's cookies out of it. The Storage Access API lets the person allow it once for this pair of sites. The frame then still arrives with Sec-Fetch-Storage-Access: inactive and no cookie; the server answers Activate-Storage-Access: retry for the client's registered origin only, and the browser resends the same request with the SameSite=None cookie and active. The server recognises the session and answers prompt=none with a code, exchanged for tokens as usual — no refresh token anywhere. The page cannot see the frame's headers, so the cookie probe, framed the same way, reports what its requests came with.`,
      renewals: [flow.mark],
      ...(judged.followUp ? { followUp: judged.followUp } : {}),
    });
  },
};
