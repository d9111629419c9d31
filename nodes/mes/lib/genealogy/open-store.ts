import { isAbsolute, resolve } from 'node:path';
import { GENEALOGY_FILE, GenealogyStore } from './genealogy-store.js';

let memory: GenealogyStore | undefined;

/**
 * Where a node's genealogy file lives: an absolute `storePath` as is; otherwise `storePath` (default
 * `genealogy.jsonl`) inside the runtime's data folder. Null when there is no data folder: the store
 * then lives in memory.
 */
export function resolveStorePath(storePath: string, dataDir: string | undefined): string | null {
  if (storePath !== '' && isAbsolute(storePath)) return storePath;
  if (dataDir === undefined) return null;
  return resolve(dataDir, storePath === '' ? GENEALOGY_FILE : storePath);
}

/**
 * Opens the store at `path`; for null, the one in-memory store of this thread (a flow's worker), so
 * that trace-record and trace-query nodes of one flow share it.
 */
export function openStore(path: string | null): GenealogyStore {
  if (path !== null) return GenealogyStore.open(path);
  memory ??= GenealogyStore.open(null);
  return memory;
}
