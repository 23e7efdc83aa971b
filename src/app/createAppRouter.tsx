import { createBrowserRouter } from 'react-router';
import type { AuthStore } from '../auth/authStore.ts';
import { ApiPage } from './ApiPage.tsx';
import { CallbackPage } from './CallbackPage.tsx';
import { callbackLoader } from './callbackLoader.ts';
import { HomePage } from './HomePage.tsx';
import { Layout } from './Layout.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';
import { ProfilePage } from './ProfilePage.tsx';
import { RequireAuth } from './RequireAuth.tsx';
import { RouteErrorPage } from './RouteErrorPage.tsx';

export function createAppRouter(store: AuthStore) {
  return createBrowserRouter([
    {
      path: '/',
      element: <Layout />,
      errorElement: <RouteErrorPage />,
      hydrateFallbackElement: (
        <main id="main" className="standalone">
          <p role="status">Signing you in…</p>
        </main>
      ),
      children: [
        { index: true, element: <HomePage /> },
        { path: 'callback', loader: callbackLoader(store), element: <CallbackPage /> },
        {
          path: 'profile',
          element: (
            <RequireAuth>
              <ProfilePage />
            </RequireAuth>
          ),
        },
        {
          path: 'api',
          element: (
            <RequireAuth>
              <ApiPage />
            </RequireAuth>
          ),
        },
        {
          path: 'lab',
          lazy: () => import('./lab/labRoute.tsx').then(({ labRoute }) => labRoute(store)),
        },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ]);
}
