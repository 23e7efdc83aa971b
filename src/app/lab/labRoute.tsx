import { useSearchParams } from 'react-router';
import type { AuthStore } from '../../auth/authStore.ts';
import { OTHER_TAB_QUERY } from '../../lab/experiments/logoutInOtherTab.ts';
import { LabPage } from './LabPage.tsx';
import { OtherTabPanel } from './OtherTabPanel.tsx';
import './lab.css';

const [ROLE, OTHER_TAB] = OTHER_TAB_QUERY.split('=') as [string, string];

/** The /lab route: a lazy chunk, so the initial route and the auth layer stay as small as they were. */
export function labRoute(store: AuthStore) {
  return {
    Component() {
      const [search] = useSearchParams();
      return search.get(ROLE) === OTHER_TAB ? (
        <OtherTabPanel store={store} />
      ) : (
        <LabPage store={store} />
      );
    },
  };
}
