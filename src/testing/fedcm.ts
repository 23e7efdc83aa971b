import type { CDPSession, Page } from '@playwright/test';

/** A FedCM dialog Chromium showed, as CDP's `FedCm.dialogShown` reports it. */
export interface FedCmDialog {
  dialogId: string;
  /** `AccountChooser`, `AutoReauthn`, `ConfirmIdpLogin`, `Error`, … */
  dialogType: string;
  accounts: { accountId: string; email?: string; name?: string; loginState?: string }[];
  title: string;
}

export interface FedCmOptions {
  /**
   * Which account to pick when the account chooser shows (default 0); `false` leaves the
   * chooser to the test (`selectAccount`, `dismiss`). Never applied to `AutoReauthn`, which
   * completes on its own.
   */
  selectAccount?: number | false;
  /**
   * Dismiss the error dialog Chromium shows when the assertion fails (default true), so the
   * call rejects with the identity provider's error instead of waiting for a person.
   */
  dismissErrors?: boolean;
}

export interface FedCmAutomation {
  /** Every dialog shown on this page since automation began, oldest first. */
  dialogs(): FedCmDialog[];
  /** The dialogs in the order shown, each once: the first not yet handed out, or the next one. */
  nextDialog(): Promise<FedCmDialog>;
  selectAccount(dialog: FedCmDialog, accountIndex?: number): Promise<void>;
  dismiss(dialog: FedCmDialog): Promise<void>;
  /** Stops the automation (detaches its CDP session). */
  stop(): Promise<void>;
}

/**
 * Drives Chromium's FedCM dialogs on `page` through CDP (Chromium only; Playwright has no API of
 * its own). In headless Chromium `navigator.credentials.get({identity})` never settles without
 * it: `FedCm.enable` with `disableRejectionDelay` lets the dialogs be answered (and failures come
 * at once instead of after a random delay), and the account chooser waits for a selection.
 *
 * Silent re-authentication (`mediation: 'silent'` or `'optional'`, the `AutoReauthn` dialog)
 * needs a persistent profile: launch with `chromium.launchPersistentContext(dir)`. In
 * `browser.newContext()` (off the record) Chromium answers "the user has disabled auto re-authn".
 * It also allows it once per 10 minutes per site (a quiet period `FedCm.resetCooldown` did not
 * clear in Chromium 156): then `silent` fails at once with no request, and `optional` shows the
 * account chooser again. A test that needs two silent ones must use a fresh profile directory.
 * A browser that once heard "no account" (a 401 from the accounts endpoint) counts the user as
 * signed out of the server until a sign-in at the server itself sends `Set-Login: logged-in`;
 * a session made with `auth.signIn` does not tell the browser, so sign in before the first call.
 */
export async function enableFedCm(
  page: Page,
  options: FedCmOptions = {},
): Promise<FedCmAutomation> {
  const selectIndex = options.selectAccount ?? 0;
  const dismissErrors = options.dismissErrors ?? true;
  const session: CDPSession = await page.context().newCDPSession(page);
  const shown: FedCmDialog[] = [];
  let handedOut = 0;
  let waiting: ((dialog: FedCmDialog) => void) | undefined;

  // The page may be gone by the time an automatic answer arrives: nothing to answer then.
  const quietly = (answer: Promise<unknown>) => void answer.catch(() => undefined);
  const selectAccount = async (dialog: FedCmDialog, accountIndex = 0) => {
    await session.send('FedCm.selectAccount', { dialogId: dialog.dialogId, accountIndex });
  };
  const dismiss = async (dialog: FedCmDialog) => {
    await session.send('FedCm.dismissDialog', { dialogId: dialog.dialogId });
  };

  session.on('FedCm.dialogShown', (event) => {
    const dialog: FedCmDialog = {
      dialogId: event.dialogId,
      dialogType: event.dialogType,
      accounts: event.accounts.map((account) => ({
        accountId: account.accountId,
        email: account.email,
        name: account.name,
        loginState: account.loginState,
      })),
      title: event.title,
    };
    shown.push(dialog);
    if (dialog.dialogType === 'AccountChooser' && selectIndex !== false) {
      quietly(selectAccount(dialog, selectIndex));
    } else if (dialog.dialogType === 'Error' && dismissErrors) {
      quietly(dismiss(dialog));
    }
    if (waiting) {
      const resolve = waiting;
      waiting = undefined;
      handedOut += 1;
      resolve(dialog);
    }
  });
  await session.send('FedCm.enable', { disableRejectionDelay: true });

  return {
    dialogs: () => [...shown],
    nextDialog() {
      const queued = shown[handedOut];
      if (queued) {
        handedOut += 1;
        return Promise.resolve(queued);
      }
      if (waiting) return Promise.reject(new Error('nextDialog() is already waiting'));
      return new Promise((resolve) => {
        waiting = resolve;
      });
    },
    selectAccount,
    dismiss,
    stop: () => session.detach(),
  };
}
