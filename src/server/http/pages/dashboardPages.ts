import type { UserConfig } from '../../config.ts';
import { escapeHtml, htmlDocument } from '../html.ts';

const userPath = (user: UserConfig) => `/dashboard/users/${encodeURIComponent(user.userId)}`;

const nav = `<nav aria-label="Dashboard">
<a href="/dashboard">Dashboard</a>
<a href="/dashboard/users">Users</a>
<a href="/v2/logout">Log out</a>
</nav>`;

const page = (title: string, body: string) =>
  htmlDocument(title, `<main class="wide">\n${nav}\n${body}\n</main>`);

export const dashboardHomePage = (adminEmail: string, counts: { users: number; devices: number }) =>
  page(
    'Dashboard',
    `<h1>Dashboard</h1>
<p>Signed in as <strong>${escapeHtml(adminEmail)}</strong>.</p>
<p>${counts.users} users; ${counts.devices} device credentials (refresh tokens) in use.</p>
<p><a href="/dashboard/users">Users</a></p>`,
  );

export const usersPage = (users: readonly UserConfig[]) =>
  page(
    'Users',
    `<h1>Users</h1>
<table>
<thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">User ID</th></tr></thead>
<tbody>
${users
  .map(
    (user) =>
      `<tr><td><a href="${escapeHtml(userPath(user))}">${escapeHtml(user.name ?? user.email)}</a></td><td>${escapeHtml(user.email)}</td><td><code>${escapeHtml(user.userId)}</code></td></tr>`,
  )
  .join('\n')}
</tbody>
</table>`,
  );

export const userPage = (user: UserConfig, deviceCount: number) =>
  page(
    user.name ?? user.email,
    `<h1>${escapeHtml(user.name ?? user.email)}</h1>
<p>Email: ${escapeHtml(user.email)}<br>User ID: <code>${escapeHtml(user.userId)}</code></p>
<p><a href="${escapeHtml(userPath(user))}/devices">Devices</a> (${deviceCount})</p>`,
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
 * family), each with a "Revoke" button.
 */
export const devicesPage = (
  user: UserConfig,
  rows: readonly DeviceRow[],
  csrfToken: string,
  revoked: boolean,
) =>
  page(
    `Devices of ${user.name ?? user.email}`,
    `<h1>Devices</h1>
<p>Refresh tokens held by applications for <a href="${escapeHtml(userPath(user))}">${escapeHtml(user.name ?? user.email)}</a>, per application and device.</p>
${revoked ? '<p class="status" role="status">Device credential revoked.</p>' : ''}
${
  rows.length === 0
    ? '<p>No devices.</p>'
    : `<table>
<thead><tr><th scope="col">Application</th><th scope="col">Device</th><th scope="col">Type</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col"><span hidden>Action</span></th></tr></thead>
<tbody>
${rows
  .map(
    (row) => `<tr data-device-credential="${escapeHtml(row.id)}">
<td>${escapeHtml(row.clientName)}</td><td>${escapeHtml(row.device)}</td><td>${escapeHtml(row.type)}</td>
<td>${escapeHtml(row.createdAt)}</td><td>${escapeHtml(row.lastUsedAt)}</td>
<td><form method="post" action="${escapeHtml(userPath(user))}/devices/${encodeURIComponent(row.id)}/revoke">
<input type="hidden" name="csrf" value="${escapeHtml(csrfToken)}">
<button type="submit">Revoke</button>
</form></td>
</tr>`,
  )
  .join('\n')}
</tbody>
</table>`
}`,
  );

export const forbiddenPage = (email: string) =>
  htmlDocument(
    'Dashboard',
    `<main>
<h1>Dashboard</h1>
<p class="error" role="alert">Only administrators can open the dashboard; ${escapeHtml(email)} is not one.</p>
<p><a href="/login?returnTo=%2Fdashboard">Sign in as another user</a></p>
</main>`,
  );
