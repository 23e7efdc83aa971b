import { nodeHttpFloor } from '../targets/nodeHttpFloor.ts';
import { oauth2MockServer } from '../targets/oauth2MockServer.ts';
import { oidcProvider } from '../targets/oidcProvider.ts';
import { ours } from '../targets/ours.ts';
import type { Target } from '../targets/target.ts';

/**
 * Ours first: every ratio is ours over a peer measured in the same round. The node:http floor
 * last: not a peer, the bound node:http itself sets on the same work.
 */
export const TARGETS: readonly Target[] = [ours, oauth2MockServer, oidcProvider, nodeHttpFloor];

export function targetNamed(name: string): Target {
  const target = TARGETS.find((t) => t.name === name);
  if (!target) throw new Error(`no target ${name}`);
  return target;
}
