import { useLocation } from 'react-router';

/** The current route as a return path: pathname, query and fragment. */
export function useCurrentPath(): string {
  const { pathname, search, hash } = useLocation();
  return `${pathname}${search}${hash}`;
}
