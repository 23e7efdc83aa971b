import { useEffect, useState } from 'react';
import type { AuthStore } from '../../auth/authStore.ts';
import { actAsOtherTab, type OtherTabPhase } from '../../lab/experiments/logoutInOtherTab.ts';

const PHASE_TEXT: Record<OtherTabPhase, string> = {
  'no-opener':
    'Nothing to do here: this page only plays the “other tab” of experiment 8, when the lab opens it.',
  waiting: 'Getting signed in with the tokens of the tab that opened this one…',
  ready: 'Signed in. Waiting for the lab to ask for the logout…',
  'logging-out': 'Logging out (the other tab should notice at once)…',
  'gave-up': 'Could not get signed in: the tab that opened this one has no tokens to share.',
};

/** The page the lab opens in a new tab for experiment 8 (see actAsOtherTab). */
export function OtherTabPanel({ store }: { store: AuthStore }) {
  const [phase, setPhase] = useState<OtherTabPhase>('waiting');
  useEffect(
    () => actAsOtherTab({ window, auth: store, now: Date.now, onPhase: setPhase }),
    [store],
  );
  return (
    <section aria-labelledby="other-tab-heading" className="lab">
      <h1 id="other-tab-heading">Restrictions lab: the other tab</h1>
      <p role="status" data-testid="other-tab-phase" data-phase={phase}>
        {PHASE_TEXT[phase]}
      </p>
    </section>
  );
}
