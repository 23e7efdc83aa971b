import type { KeyObject } from 'node:crypto';
import type { RequestListener } from 'node:http';

export function floorListener(options: {
  documents: Record<string, string>;
  issuer: string;
  privateKey?: KeyObject;
}): RequestListener;
