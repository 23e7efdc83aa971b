import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { ConfigErrorPage } from './app/ConfigErrorPage.tsx';
import { createAppRouter } from './app/createAppRouter.tsx';
import { ClientSettingsError } from './auth/clientSettings.ts';
import { type StartedAuth, startAuth } from './auth/startAuth.ts';
import './app/styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
const root = createRoot(container);

let auth: StartedAuth | undefined;
try {
  auth = startAuth(window);
} catch (error) {
  if (!(error instanceof ClientSettingsError)) throw error;
  root.render(<ConfigErrorPage error={error} />);
}

if (auth) {
  root.render(
    <StrictMode>
      <App auth={auth} router={createAppRouter(auth.store)} />
    </StrictMode>,
  );
}
