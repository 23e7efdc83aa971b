import { escapeHtml, htmlDocument } from '../html.ts';

export const WRONG_CREDENTIALS_MESSAGE = 'Wrong email or password.';

export interface LoginPageInput {
  interactionId: string;
  csrfToken: string;
  clientName: string;
  email?: string;
  failed?: boolean;
}

/** The hosted login page: labels "Email" and "Password", button "Sign in" (the e2e contract). */
export const loginPage = ({
  interactionId,
  csrfToken,
  clientName,
  email = '',
  failed = false,
}: LoginPageInput): string =>
  htmlDocument(
    'Sign in',
    `<main>
<h1>Sign in</h1>
<p>to continue to <strong>${escapeHtml(clientName)}</strong></p>
${failed ? `<p class="error" role="alert">${WRONG_CREDENTIALS_MESSAGE}</p>` : ''}
<form method="post" action="/u/login">
<input type="hidden" name="state" value="${escapeHtml(interactionId)}">
<input type="hidden" name="csrf" value="${escapeHtml(csrfToken)}">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(email)}"${failed ? '' : ' autofocus'}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${failed ? ' autofocus' : ''}>
<button type="submit">Sign in</button>
</form>
</main>`,
  );
