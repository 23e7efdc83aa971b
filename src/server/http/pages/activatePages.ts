import { html, htmlDocument } from '../html.ts';

export const INVALID_USER_CODE_MESSAGE = 'That code is not valid or has expired.';

export interface EnterCodePageInput {
  csrfToken: string;
  userEmail: string;
  userCode?: string;
  failed?: boolean;
}

/** RFC 8628 §3.3: where the user types the code their device shows. Input "Code", button "Continue". */
export const enterCodePage = ({
  csrfToken,
  userEmail,
  userCode = '',
  failed = false,
}: EnterCodePageInput): string =>
  htmlDocument(
    'Activate a device',
    html`<main>
<h1>Activate a device</h1>
<p>Signed in as <strong>${userEmail}</strong>. Enter the code shown on your device.</p>
${failed && html`<p class="error" role="alert">${INVALID_USER_CODE_MESSAGE}</p>`}
<form method="post" action="/activate">
<input type="hidden" name="csrf" value="${csrfToken}">
<label for="user_code">Code</label>
<input id="user_code" name="user_code" class="code" autocomplete="off" autocapitalize="characters" spellcheck="false" required value="${userCode}" autofocus>
<button type="submit">Continue</button>
</form>
</main>`,
  );

export interface ConfirmDevicePageInput {
  csrfToken: string;
  userEmail: string;
  userCode: string;
  clientName: string;
  device: string | undefined;
  scope: readonly string[];
}

/**
 * RFC 8628 §5.4: show which application asks, so a user tricked into typing someone else's
 * code can still refuse. Buttons "Confirm" and "Cancel".
 */
export const confirmDevicePage = ({
  csrfToken,
  userEmail,
  userCode,
  clientName,
  device,
  scope,
}: ConfirmDevicePageInput): string =>
  htmlDocument(
    'Confirm the device',
    html`<main>
<h1>Confirm the device</h1>
<p><strong>${clientName}</strong>${device && html` on <strong>${device}</strong>`} is asking to access the account of ${userEmail}:</p>
<ul>
${scope.map((word) => html`<li><code>${word}</code></li>\n`)}
</ul>
<p>Check that your device shows the code <code>${userCode}</code>.</p>
<form method="post" action="/activate/confirm">
<input type="hidden" name="csrf" value="${csrfToken}">
<input type="hidden" name="user_code" value="${userCode}">
<button type="submit" name="decision" value="accept">Confirm</button>
<button type="submit" name="decision" value="deny">Cancel</button>
</form>
</main>`,
  );

/** The end of the verification: headings "Device connected" / "Device not connected". */
export const deviceAnsweredPage = (approved: boolean): string =>
  approved
    ? htmlDocument(
        'Device connected',
        html`<main>
<h1>Device connected</h1>
<p class="status" role="status">Your device is now connected. You can close this window and go back to it.</p>
</main>`,
      )
    : htmlDocument(
        'Device not connected',
        html`<main>
<h1>Device not connected</h1>
<p role="status">You cancelled: the device was not given access.</p>
</main>`,
      );
