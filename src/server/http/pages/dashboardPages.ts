import type { UserConfig } from '../../config.ts';
import { type HtmlEscapedString, html, htmlDocument } from '../html.ts';

const userPath = (user: UserConfig) => `/dashboard/users/${encodeURIComponent(user.userId)}`;
const revokePath = (user: UserConfig, row: DeviceRow) =>
  `${userPath(user)}/devices/${encodeURIComponent(row.id)}/revoke`;
const nameOf = (user: UserConfig) => user.name ?? user.email;

const nav = html`<nav aria-label="Dashboard">
<a href="/dashboard">Dashboard</a>
<a href="/dashboard/users">Users</a>
<a href="/v2/logout">Log out</a>
</nav>`;

const page = (title: string, body: HtmlEscapedString) =>
  htmlDocument(title, html`<main class="wide">\n${nav}\n${body}\n</main>`);

/** "1 user", "2 users": the singular for one only. */
const countOf = (count: number, singular: string, plural = `${singular}s`) =>
  `${count} ${count === 1 ? singular : plural}`;

export const dashboardHomePage = (adminEmail: string, counts: { users: number; devices: number }) =>
  page(
    'Dashboard',
    html`<h1>Dashboard</h1>
<p>Signed in as <strong>${adminEmail}</strong>.</p>
<p>${countOf(counts.users, 'user')}; ${countOf(counts.devices, 'device credential')} (${counts.devices === 1 ? 'a refresh token' : 'refresh tokens'}) in use.</p>
<p><a href="/dashboard/users">Users</a></p>`,
  );

export const usersPage = (users: readonly UserConfig[]) =>
  page(
    'Users',
    html`<h1>Users</h1>
<table>
<thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">User ID</th></tr></thead>
<tbody>
${users.map(
  (user) =>
    html`<tr><td><a href="${userPath(user)}">${nameOf(user)}</a></td><td>${user.email}</td><td><code>${user.userId}</code></td></tr>\n`,
)}</tbody>
</table>`,
  );

export const userPage = (user: UserConfig, deviceCount: number) =>
  page(
    nameOf(user),
    html`<h1>${nameOf(user)}</h1>
<p>Email: ${user.email}<br>User ID: <code>${user.userId}</code></p>
<p><a href="${userPath(user)}/devices">Devices</a> (${deviceCount})</p>`,
  );

export interface DeviceRow {
  id: string;
  clientName: string;
  device: string;
  type: string;
  createdAt: string;
  lastUsedAt: string;
}

/**
 * Auth0 dashboard: Users → a user → Devices. One row per device credential (refresh token
 * family), each with a "Revoke" button that opens the confirmation (revokeDevicePage).
 */
export const devicesPage = (user: UserConfig, rows: readonly DeviceRow[], revoked: boolean) =>
  page(
    `Devices of ${nameOf(user)}`,
    html`<h1>Devices</h1>
<p>Refresh tokens held by applications for <a href="${userPath(user)}">${nameOf(user)}</a>, per application and device.</p>
${revoked && html`<p class="status" role="status">Device credential revoked.</p>`}
${
  rows.length === 0
    ? html`<p>No devices.</p>`
    : html`<table>
<thead><tr><th scope="col">Application</th><th scope="col">Device</th><th scope="col">Type</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col"><span hidden>Action</span></th></tr></thead>
<tbody>
${rows.map(
  (row) => html`<tr data-device-credential="${row.id}">
<td>${row.clientName}</td><td>${row.device}</td><td>${row.type}</td>
<td>${row.createdAt}</td><td>${row.lastUsedAt}</td>
<td><form method="get" action="${revokePath(user, row)}">
<button type="submit">Revoke</button>
</form></td>
</tr>\n`,
)}</tbody>
</table>`
}`,
  );

/**
 * The confirmation a revoke asks for, without JavaScript: it names the application, the device
 * and the user, and only its form (CSRF-protected) revokes. Buttons "Revoke" and "Cancel".
 */
export const revokeDevicePage = (user: UserConfig, row: DeviceRow, csrfToken: string) =>
  page(
    'Revoke a device credential',
    html`<h1>Revoke a device credential?</h1>
<p><strong>${row.clientName}</strong> on <strong>${row.device}</strong> (${row.type}, last used ${row.lastUsedAt}) for <a href="${userPath(user)}">${nameOf(user)}</a> stops working at once: the application has to sign in again.</p>
<form method="post" action="${revokePath(user, row)}" class="actions">
<input type="hidden" name="csrf" value="${csrfToken}">
<button type="submit">Revoke</button>
<a href="${userPath(user)}/devices">Cancel</a>
</form>`,
  );

export const forbiddenPage = (email: string) =>
  htmlDocument(
    'Dashboard',
    html`<main>
<h1>Dashboard</h1>
<p class="error" role="alert">Only administrators can open the dashboard; ${email} is not one.</p>
<p><a href="/login?returnTo=%2Fdashboard">Sign in as another user</a></p>
</main>`,
  );
