import type { createBrowserRouter } from 'react-router';
import { RouterProvider } from 'react-router/dom';
import type { StartedAuth } from '../auth/startAuth.ts';
import { AuthProvider } from './AuthContext.tsx';

/** The SPA. The router is made once, outside React, so its loaders run once per navigation. */
export function App({
  auth,
  router,
}: {
  auth: StartedAuth;
  router: ReturnType<typeof createBrowserRouter>;
}) {
  return (
    <AuthProvider auth={auth}>
      <RouterProvider router={router} />
    </AuthProvider>
  );
}
