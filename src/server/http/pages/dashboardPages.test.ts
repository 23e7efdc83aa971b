import { describe, expect, it } from 'vitest';
import { dashboardHomePage } from './dashboardPages.ts';

describe('dashboardHomePage', () => {
  it('counts users and device credentials in the singular for one only', async () => {
    expect(String(await dashboardHomePage('a@example.com', { users: 1, devices: 1 }))).toContain(
      '1 user; 1 device credential (a refresh token) in use.',
    );
    expect(String(await dashboardHomePage('a@example.com', { users: 3, devices: 0 }))).toContain(
      '3 users; 0 device credentials (refresh tokens) in use.',
    );
  });
});
