import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError, type Snapshot } from '@millwright/model';
import { readJsonFile, writeFileDurably } from '../storage/durable-file.js';

/** What a bundle records of a node package from package-lock.json (when the exporter had one). */
export interface LockedPackage {
  version?: string;
  resolved?: string;
  integrity?: string;
}

/**
 * `millwright export --bundle` writes, `millwright run --bundle` runs: one snapshot (flows,
 * settings without secrets, node package names and versions, credential key names, flow tests)
 * plus the package-lock entries of its node packages.
 */
export interface Bundle {
  format: typeof BUNDLE_FORMAT;
  version: 1;
  snapshot: Snapshot;
  packageLock: Record<string, LockedPackage>;
}

export const BUNDLE_FORMAT = 'millwright-bundle';

/** Writes `snapshot` as a bundle, with the lock entries of its packages from `<lockDir>/package-lock.json`. */
export async function writeBundle(file: string, snapshot: Snapshot, lockDir = process.cwd()): Promise<Bundle> {
  const lock = await readFile(join(lockDir, 'package-lock.json'), 'utf8').then(
    (t) => JSON.parse(t) as { packages?: Record<string, LockedPackage & { link?: boolean }> },
    () => undefined,
  );
  const packageLock: Record<string, LockedPackage> = {};
  for (const { name, version } of snapshot.packages) {
    const entry = lock?.packages?.[`node_modules/${name}`];
    const pick = (k: keyof LockedPackage) => (typeof entry?.[k] === 'string' ? { [k]: entry[k] } : {});
    packageLock[name] = {
      ...(version ? { version } : {}),
      ...pick('version'),
      ...pick('resolved'),
      ...pick('integrity'),
    };
  }
  const bundle: Bundle = { format: BUNDLE_FORMAT, version: 1, snapshot, packageLock };
  await writeFileDurably(file, `${JSON.stringify(bundle, null, 2)}\n`);
  return bundle;
}

/** Reads a bundle file, or fails naming what is wrong with it. */
export async function readBundle(file: string): Promise<Bundle> {
  const data = await readJsonFile(file);
  const snapshot: unknown = typeof data === 'object' && data !== null ? Reflect.get(data, 'snapshot') : undefined;
  if (
    typeof data !== 'object' ||
    data === null ||
    Reflect.get(data, 'format') !== BUNDLE_FORMAT ||
    typeof snapshot !== 'object' ||
    snapshot === null ||
    !Array.isArray(Reflect.get(snapshot, 'flows'))
  )
    throw new UserError('bundle_invalid', `${file} is not a Millwright bundle (written by millwright export --bundle)`);
  return data as Bundle;
}
