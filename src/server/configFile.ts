import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import * as z from 'zod/mini';
import { AuthServerConfigError, type AuthServerConfigInput, describeIssues } from './config.ts';
import { importModule } from './importModule.ts';

/** Looked for in this order in the working directory when no --config is given. */
export const CONFIG_FILE_NAMES = [
  'authserver.config.ts',
  'authserver.config.mjs',
  'authserver.config.js',
  'authserver.config.json',
] as const;

/** What a config file sets besides the tenant: where the command line server listens. */
const listenSchema = z.object({
  port: z.optional(
    z
      .int({ error: 'expected a port number (0-65535)' })
      .check(
        z.minimum(0, { error: 'expected a port number (0-65535)' }),
        z.maximum(65_535, { error: 'expected a port number (0-65535)' }),
      ),
  ),
  host: z.optional(z.string().check(z.minLength(1, { error: 'expected a hostname' }))),
});

/**
 * A config object is laid over the seeded tenant key by key (`clients` given: those are the
 * clients); a function gets the seeded config (and the port) and returns the whole config.
 */
export type ConfigFunction = (
  seed: AuthServerConfigInput,
  context: { port: number },
) => AuthServerConfigInput | Promise<AuthServerConfigInput>;

/** What a config file's default export (or its JSON) may be. */
export type ConfigLayer =
  | (Partial<AuthServerConfigInput> & { port?: number; host?: string; $schema?: string })
  | ConfigFunction;

export interface ConfigFile {
  /** Absolute path. */
  path: string;
  /** As errors name it: relative to the working directory when inside it. */
  name: string;
  port?: number;
  host?: string;
  layer: ConfigLayer;
}

export function findConfigFile(cwd: string, exists = existsSync): string | undefined {
  return CONFIG_FILE_NAMES.map((name) => resolve(cwd, name)).find((path) => exists(path));
}

const displayName = (path: string, cwd: string) => {
  const inside = relative(cwd, path);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : path;
};

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const fail = (name: string, issue: string): never => {
  throw new AuthServerConfigError([issue], name);
};

async function loadModule(path: string, name: string): Promise<unknown> {
  if (path.endsWith('.json')) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      return fail(name, `could not be read: ${(error as Error).message}`);
    }
    try {
      return JSON.parse(text);
    } catch (error) {
      return fail(name, `is not valid JSON: ${(error as Error).message}`);
    }
  }
  let module: { default?: unknown };
  try {
    module = await importModule(path);
  } catch (error) {
    return fail(name, `could not be loaded: ${(error as Error).message}`);
  }
  if (module.default === undefined) {
    return fail(
      name,
      'expected a default export: a config object, or a function of the seeded config',
    );
  }
  return module.default;
}

/** Reads a JSON, TypeScript or JavaScript config file; errors name the file. */
export async function readConfigFile(path: string, cwd = process.cwd()): Promise<ConfigFile> {
  const absolute = resolve(cwd, path);
  const name = displayName(absolute, cwd);
  if (!existsSync(absolute)) fail(name, 'no such file');
  const value = await loadModule(absolute, name);
  if (typeof value === 'function') {
    return { path: absolute, name, layer: value as ConfigLayer };
  }
  if (!isPlainObject(value)) {
    return fail(name, 'expected a config object, or a function of the seeded config');
  }
  const listen = listenSchema.safeParse(value);
  if (!listen.success) throw new AuthServerConfigError(describeIssues(listen.error), name);
  return {
    path: absolute,
    name,
    ...listen.data,
    layer: value as ConfigLayer,
  };
}

/** Module paths in a config file mean paths beside the file, not beside wherever it is run from. */
function resolveRelativePaths(config: AuthServerConfigInput, dir: string): AuthServerConfigInput {
  const rules = config.rules?.map((rule) =>
    typeof rule === 'string' && !isAbsolute(rule) ? resolve(dir, rule) : rule,
  );
  const key = config.signingKey;
  const signingKey =
    key?.source === 'file' && key.path !== undefined && !isAbsolute(key.path)
      ? { ...key, path: resolve(dir, key.path) }
      : key;
  return {
    ...config,
    ...(rules === undefined ? {} : { rules }),
    ...(signingKey === undefined ? {} : { signingKey }),
  };
}

/** The config a file gives for a server on `port`, over the seeded one; not yet validated. */
export async function applyConfigFile(
  file: ConfigFile,
  seed: AuthServerConfigInput,
  port: number,
): Promise<AuthServerConfigInput> {
  const dir = dirname(file.path);
  if (typeof file.layer === 'function') {
    let result: unknown;
    try {
      result = await file.layer(seed, { port });
    } catch (error) {
      return fail(file.name, `the config function threw: ${(error as Error).message}`);
    }
    if (!isPlainObject(result)) return fail(file.name, 'the config function must return an object');
    return resolveRelativePaths(result as AuthServerConfigInput, dir);
  }
  const { port: _port, host: _host, $schema: _schema, ...layer } = file.layer;
  return { ...seed, ...resolveRelativePaths(layer as AuthServerConfigInput, dir) };
}
