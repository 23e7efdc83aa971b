import { oauth2MockServer } from '../targets/oauth2MockServer.ts';
import { oidcProvider } from '../targets/oidcProvider.ts';
import { ours } from '../targets/ours.ts';
import type { Target } from '../targets/target.ts';

/** Ours first: every ratio is ours over a peer measured in the same round. */
export const TARGETS: readonly Target[] = [ours, oauth2MockServer, oidcProvider];

export function targetNamed(name: string): Target {
  const target = TARGETS.find((t) => t.name === name);
  if (!target) throw new Error(`no target ${name}`);
  return target;
}
