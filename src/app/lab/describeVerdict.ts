import type { Verdict } from '../../lab/labRecord.ts';

/*
 * A verdict says whether the rule held, which reads right whatever the rule is: some rules are
 * restrictions ("no refresh token for a browser"), others are promises ("silent renewal works
 * through both transports", result: renewed).
 */
const VERDICTS: Record<Verdict, { icon: string; text: string }> = {
  confirmed: { icon: '✓', text: 'As the documents say' },
  contradicted: { icon: '✗', text: 'Not as the documents say' },
  precondition: { icon: '!', text: 'Could not run yet' },
  error: { icon: '✗', text: 'The experiment failed' },
};

/** The verdict's icon and words, shown before the outcome code ("As the documents say: renewed"). */
export const describeVerdict = (verdict: Verdict) => VERDICTS[verdict];
