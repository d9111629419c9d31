import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readJsonFile, writeFileDurably } from './durable-file.js';
import type { FlowsFile } from './flow-store.js';

/** Revisions of the flows kept in `<dataDir>/flows-history/`, flows.json's own included. */
export const KEPT_REVISIONS = 10;

/** Folder of the kept revisions, inside the data dir. */
export const HISTORY_DIR = 'flows-history';

/** One kept revision: its file and when it was saved. */
export interface KeptRevision {
  revision: string;
  file: string;
  savedAt: Date;
}

/** Whether `data` has the shape of flows.json: `{ "revision": string, "flows": [...] }`. */
export function isFlowsFile(data: unknown): data is FlowsFile {
  return (
    typeof data === 'object' &&
    data !== null &&
    typeof Reflect.get(data, 'revision') === 'string' &&
    Array.isArray(Reflect.get(data, 'flows'))
  );
}

/** The revision counter (`12` of `12-ab34...`); revisions that have none sort first. */
const counterOf = (revision: string): number => Number.parseInt(revision, 10) || 0;

/**
 * The last {@link KEPT_REVISIONS} deployed revisions, one file each (`<revision>.json`, the same
 * content as flows.json), written durably before flows.json itself: whatever a crash or a disk
 * fault does to flows.json, the last good revision is on disk beside it.
 */
export class FlowHistory {
  constructor(
    readonly dir: string,
    private readonly keep = KEPT_REVISIONS,
  ) {}

  /** Keeps `data` and drops the oldest revisions beyond the limit. */
  async add(data: FlowsFile): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await writeFileDurably(this.fileOf(data.revision), JSON.stringify(data));
    const old = (await this.list()).slice(this.keep);
    await Promise.all(old.map((k) => rm(k.file, { force: true })));
  }

  /** Whether `revision` is kept. */
  async has(revision: string): Promise<boolean> {
    return (await this.list()).some((k) => k.revision === revision);
  }

  /** The kept revisions, newest first. */
  async list(): Promise<KeptRevision[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    const kept = await Promise.all(
      names
        .filter((n) => n.endsWith('.json'))
        .map(async (n) => {
          const file = join(this.dir, n);
          const info = await stat(file).catch(() => undefined);
          return info ? { revision: n.slice(0, -'.json'.length), file, savedAt: info.mtime } : undefined;
        }),
    );
    return kept
      .filter((k): k is KeptRevision => k !== undefined)
      .sort((a, b) => counterOf(b.revision) - counterOf(a.revision) || b.savedAt.getTime() - a.savedAt.getTime());
  }

  /** The newest kept revision that reads back whole, or undefined when none does. */
  async lastGood(): Promise<{ kept: KeptRevision; data: FlowsFile } | undefined> {
    for (const kept of await this.list()) {
      const data = await readJsonFile(kept.file).catch(() => undefined);
      if (isFlowsFile(data)) return { kept, data };
    }
    return undefined;
  }

  private fileOf(revision: string): string {
    // A hand-written flows.json may carry any revision text; the file name keeps to safe characters.
    return join(this.dir, `${revision.replace(/[^\w.-]/g, '_')}.json`);
  }
}
