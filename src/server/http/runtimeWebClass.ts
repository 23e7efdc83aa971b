/**
 * The runtime's own `Request` and `Response` classes, loaded when first asked for. Node defines
 * its fetch classes as lazy globals: the first read of any of them loads undici, 20–45 ms of a
 * start on these machines (more than the rest of our server), so the command line must not read
 * them before its first answer. Their property descriptors are kept from before anything
 * replaced them on the global (see lightResponse.ts), so the runtime's class stays reachable.
 */
type WebClassName = 'Request' | 'Response';

type Descriptors = Record<WebClassName, PropertyDescriptor | undefined>;

// Kept on the global: a second copy of this module (a test runner's fresh module graph) must
// find the runtime's classes, not the stand-in the first copy put there.
const ORIGINAL = Symbol.for('silent-auth-lab.runtimeWebClassDescriptors');
const holder = globalThis as { [ORIGINAL]?: Descriptors };
holder[ORIGINAL] ??= {
  Request: Object.getOwnPropertyDescriptor(globalThis, 'Request'),
  Response: Object.getOwnPropertyDescriptor(globalThis, 'Response'),
};
const original: Descriptors = holder[ORIGINAL];

const loaded: { Request?: typeof Request; Response?: typeof Response } = {};
const onLoad: (() => void)[] = [];

export function runtimeWebClass<N extends WebClassName>(name: N): (typeof globalThis)[N] {
  const known = loaded[name];
  if (known) return known as (typeof globalThis)[N];
  const descriptor = original[name];
  const current = Object.getOwnPropertyDescriptor(globalThis, name);
  // Node's lazy getter puts the loaded class on the global: whatever stood there goes back.
  const value = (descriptor?.get ? descriptor.get.call(globalThis) : descriptor?.value) as
    | (typeof globalThis)[N]
    | undefined;
  if (current && current !== descriptor) Object.defineProperty(globalThis, name, current);
  if (!value) throw new Error(`This runtime has no global ${name}`);
  loaded[name] = value as never;
  for (const callback of onLoad.splice(0)) callback();
  return value;
}

/** Whether `runtimeWebClass(name)` has loaded already (nothing is loaded by asking). */
export const isRuntimeWebClassLoaded = (name: WebClassName): boolean => loaded[name] !== undefined;

/** Runs `callback` once the runtime's web classes are loaded (at once if they are). */
export function whenRuntimeWebClassesLoad(callback: () => void): void {
  if (loaded.Request || loaded.Response) callback();
  else onLoad.push(callback);
}
