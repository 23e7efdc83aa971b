import type { ClientSettingsError } from '../auth/clientSettings.ts';
import { SETTINGS_SOURCE } from '../auth/clientSettings.ts';

/** Shown instead of the app when the runtime settings are wrong. */
export function ConfigErrorPage({ error }: { error: ClientSettingsError }) {
  return (
    <main id="main" className="standalone">
      <h1>Silent Auth Lab cannot start</h1>
      <p role="alert">The runtime settings in {SETTINGS_SOURCE} are invalid:</p>
      <ul>
        {error.problems.map((problem) => (
          <li key={problem}>
            <code>{problem}</code>
          </li>
        ))}
      </ul>
      <p>Fix /config.js and reload the page.</p>
    </main>
  );
}
