import { Link, NavLink, Outlet } from 'react-router';
import { LabSettingsPanel } from './LabSettingsPanel.tsx';
import { SessionHeader } from './SessionHeader.tsx';
import { SessionNotice } from './SessionNotice.tsx';
import { Timeline } from './Timeline.tsx';

export function Layout() {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <Link to="/" className="brand">
          Silent Auth Lab
        </Link>
        <nav aria-label="Main">
          <ul>
            <li>
              <NavLink to="/" end>
                Home
              </NavLink>
            </li>
            <li>
              <NavLink to="/profile">Profile</NavLink>
            </li>
            <li>
              <NavLink to="/api">API</NavLink>
            </li>
            <li>
              <NavLink to="/lab">Lab</NavLink>
            </li>
          </ul>
        </nav>
        <SessionHeader />
      </header>
      <main id="main" tabIndex={-1}>
        <SessionNotice />
        <Outlet />
      </main>
      <aside>
        <LabSettingsPanel />
        <Timeline />
      </aside>
    </>
  );
}
