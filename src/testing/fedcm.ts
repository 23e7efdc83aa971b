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
}

export interface FedCmAutomation {
  /** Every dialog shown on this page since automation began, oldest first. */
  dialogs(): FedCmDialog[];
  /** The next dialog shown (or the last one, if one is showing and was not answered). */
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
 * clear in Chromium 156): a test that needs two must use a fresh profile directory.
 */
export async function enableFedCm(
  page: Page,
  options: FedCmOptions = {},
): Promise<FedCmAutomation> {
  const selectIndex = options.selectAccount ?? 0;
  const session: CDPSession = await page.context().newCDPSession(page);
  const shown: FedCmDialog[] = [];
  let waiting: ((dialog: FedCmDialog) => void)[] = [];
  let unanswered: FedCmDialog | undefined;

  const selectAccount = async (dialog: FedCmDialog, accountIndex = 0) => {
    if (unanswered === dialog) unanswered = undefined;
    await session.send('FedCm.selectAccount', { dialogId: dialog.dialogId, accountIndex });
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
      // The page may be gone by the time the answer arrives: nothing to select then.
      void selectAccount(dialog, selectIndex).catch(() => undefined);
    } else {
      unanswered = dialog;
    }
    const listeners = waiting;
    waiting = [];
    for (const resolve of listeners) resolve(dialog);
  });
  await session.send('FedCm.enable', { disableRejectionDelay: true });

  return {
    dialogs: () => [...shown],
    nextDialog: () =>
      unanswered ? Promise.resolve(unanswered) : new Promise((resolve) => waiting.push(resolve)),
    selectAccount,
    async dismiss(dialog) {
      if (unanswered === dialog) unanswered = undefined;
      await session.send('FedCm.dismissDialog', { dialogId: dialog.dialogId });
    },
    stop: () => session.detach(),
  };
}
