import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NodePackageInfo, SnapshotPackage } from '@millwright/model';
import { z } from 'zod';
import type { CredentialStore } from '../credentials/credential-store.js';
import { settingsSchema, type RuntimeSettings } from '../storage/settings-store.js';
import type { SnapshotFacts } from './snapshot-store.js';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Paths of the settings marked `secret` in the schema (`auth.token`, `auth.oidc.clientSecret`). */
export const SECRET_SETTINGS: readonly string[][] = secretPaths(
  z.toJSONSchema(settingsSchema, { io: 'input', unrepresentable: 'any' }) as Json,
);

function secretPaths(schema: Json, prefix: string[] = []): string[][] {
  const props = isObj(schema['properties']) ? schema['properties'] : {};
  return Object.entries(props).flatMap(([key, value]) => {
    if (!isObj(value)) return [];
    const path = [...prefix, key];
    return value['secret'] === true ? [path] : secretPaths(value, path);
  });
}

/** A copy of `settings` without the values of secret keys (the schema decides which). */
export function settingsWithoutSecrets(settings: RuntimeSettings): Record<string, unknown> {
  const copy = structuredClone(settings) as Json;
  for (const path of SECRET_SETTINGS) {
    let at: unknown = copy;
    for (const key of path.slice(0, -1)) at = isObj(at) ? at[key] : undefined;
    if (isObj(at)) delete at[path.at(-1) ?? ''];
  }
  return copy;
}

/** Credential key names per node id, sorted; never values. */
export function credentialKeysOf(credentials: CredentialStore | undefined): Record<string, string[]> {
  if (!credentials) return {};
  return Object.fromEntries(
    credentials
      .nodeIds()
      .sort()
      .map((id) => [id, [...credentials.keysOf(id)].sort()]),
  );
}

/** Name and version of each node module (built in or installed) the runtime loaded. */
export function packagesOf(nodeModules: readonly string[], installed: readonly NodePackageInfo[]): SnapshotPackage[] {
  const builtIn = nodeModules
    .filter((m) => !m.startsWith('file:'))
    .map((name) => {
      const version = versionOf(name);
      return version ? { name, version } : { name };
    });
  const extra = installed
    .filter((p) => !p.error)
    .map((p) => (p.version ? { name: p.name, version: p.version } : { name: p.name }));
  return [...builtIn, ...extra].sort((a, b) => a.name.localeCompare(b.name));
}

/** The version in the package.json of an importable package, found above its entry file. */
function versionOf(name: string): string | undefined {
  let dir: string;
  try {
    dir = dirname(fileURLToPath(import.meta.resolve(name)));
  } catch {
    return undefined; // not resolvable from here: the name alone is recorded
  }
  for (let i = 0; i < 6; i++, dir = dirname(dir)) {
    let pkg: unknown;
    try {
      pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    } catch {
      continue;
    }
    if (isObj(pkg) && pkg['name'] === name) return typeof pkg['version'] === 'string' ? pkg['version'] : undefined;
  }
  return undefined;
}

/** What the runtime adds to each snapshot, computed at the moment it is recorded. */
export type SnapshotContext = () => Pick<SnapshotFacts, 'settings' | 'packages' | 'credentialKeys'>;
