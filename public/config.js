// Runtime settings for the SPA, read before the app starts. These are the defaults;
// scripts/start.ts serves a generated /config.js when the servers run on other ports.
window.__SILENT_AUTH_LAB__ = {
  authority: 'http://localhost:4400/',
  clientId: 'silent-auth-lab-spa',
  audience: 'http://localhost:4401/',
  scope: 'openid profile email read:profile read:orders',
  apiUrl: 'http://localhost:4401',
};
