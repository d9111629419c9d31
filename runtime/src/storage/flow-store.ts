import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { sortKeys, type Flow } from '@millwright/model';
import { Low, Memory } from 'lowdb';
import { JSONFile } from 'lowdb/node';

/** Content of `flows.json`. */
export interface FlowsFile {
  /** `<counter>-<content hash>`: the counter makes every deploy a new revision, the hash helps humans compare. */
  revision: string;
  flows: Flow[];
}

/** Revision of a store that was never written. */
export const INITIAL_REVISION = '0';

/**
 * The deployed flows and their revision, kept in `<dataDir>/flows.json` (lowdb: each write goes
 * to a temp file renamed over the original, so a crash leaves the old or the new file, never half).
 * One instance owns the file: two owners would collide on lowdb's temp file name.
 * Without a data dir the store lives in memory (headless `millwright run`).
 */
export class FlowStore {
  private constructor(
    private readonly db: Low<FlowsFile>,
    /** Absolute path of flows.json, or undefined for an in-memory store. */
    readonly file: string | undefined,
  ) {}

  /** Opens (or starts) the store in `dataDir`, creating the directory; in memory when `dataDir` is omitted. */
  static async open(dataDir?: string): Promise<FlowStore> {
    const empty: FlowsFile = { revision: INITIAL_REVISION, flows: [] };
    if (dataDir === undefined) return new FlowStore(new Low<FlowsFile>(new Memory<FlowsFile>(), empty), undefined);
    await mkdir(dataDir, { recursive: true });
    const file = join(dataDir, 'flows.json');
    const db = new Low<FlowsFile>(new JSONFile<FlowsFile>(file), empty);
    await db.read();
    if (!Array.isArray(db.data.flows) || typeof db.data.revision !== 'string') {
      throw new Error(`${file} is not a flows file: expected { "revision": string, "flows": [...] }`);
    }
    return new FlowStore(db, file);
  }

  get revision(): string {
    return this.db.data.revision;
  }

  /** The stored flows. Callers must not mutate them: they are the store's own objects. */
  flows(): readonly Flow[] {
    return this.db.data.flows;
  }

  flow(id: string): Flow | undefined {
    return this.db.data.flows.find((f) => f.id === id);
  }

  /** Replaces all flows (already validated) and returns the new revision. */
  async save(flows: readonly Flow[]): Promise<string> {
    const revision = nextRevision(this.db.data.revision, flows);
    this.db.data = { revision, flows: structuredClone([...flows]) };
    await this.db.write();
    return revision;
  }
}

/** Counter of the previous revision plus one, followed by a short hash of the content. */
export function nextRevision(previous: string, flows: readonly Flow[]): string {
  const counter = Number.parseInt(previous, 10);
  const hash = createHash('sha256')
    .update(JSON.stringify(sortKeys(flows)))
    .digest('hex')
    .slice(0, 10);
  return `${Number.isFinite(counter) ? counter + 1 : 1}-${hash}`;
}
