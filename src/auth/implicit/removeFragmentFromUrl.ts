export interface FragmentWindow {
  location: Pick<Location, 'pathname' | 'search' | 'hash'>;
  history: Pick<History, 'state' | 'replaceState'>;
}

/**
 * Takes the fragment (tokens, state) out of the address bar and out of history: replaceState
 * rewrites the current entry, so Back, bookmarks and a copied URL never carry the tokens.
 * `history.state` is kept for the router. Returns whether there was a fragment to remove.
 */
export function removeFragmentFromUrl(win: FragmentWindow): boolean {
  if (win.location.hash === '') return false;
  win.history.replaceState(win.history.state, '', `${win.location.pathname}${win.location.search}`);
  return true;
}
