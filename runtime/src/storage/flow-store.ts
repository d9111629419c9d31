import { createHash } from 'node:crypto';
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { sortKeys, UserError, type Flow } from '@millwright/model';
import { Low, Memory } from 'lowdb';
import { CorruptFileError, DurableJsonFile, writeFileDurably } from './durable-file.js';
import { isFlowsFile, SNAPSHOTS_DIR, SnapshotStore, type SnapshotFacts } from '../snapshots/snapshot-store.js';

/** Content of `flows.json`. */
export interface FlowsFile {
  /** `<counter>-<content hash>`: the counter makes every deploy a new revision, the hash helps humans compare. */
  revision: string;
  flows: Flow[];
}

/** Revision of a store that was never written. */
export const INITIAL_REVISION = '0';

/** What {@link FlowStore.open} did with a flows.json it could not read. */
export interface RestoredRevision {
  /** Where the unreadable file was moved (`flows.json.corrupt-<time>`). */
  corruptFile: string;
  revision: string;
  savedAt: Date;
}

export interface FlowStoreOptions {
  /**
   * When flows.json is empty, truncated or not a flows file: move it aside and start from the last
   * good kept revision (`millwright start --restore-last-good`), instead of failing.
   */
  restoreLastGood?: boolean;
  /** Called after such a restore, to log it. */
  onRestore?: (restored: RestoredRevision) => void;
  /** Deploy snapshots kept (settings.json `snapshots.keep`); default 50. */
  keepSnapshots?: number | undefined;
}

/**
 * The deployed flows and their revision, kept in `<dataDir>/flows.json`, and the snapshot of every
 * deploy in `<dataDir>/flows-history/` ({@link SnapshotStore}). Every write goes to an fsynced temp file renamed
 * over the original, so a crash leaves the old or the new file, never half. A flows.json that does
 * not read back stops the open with an error naming the file and the last good revision.
 * One instance owns the file. Without a data dir the store lives in memory (headless `millwright run`).
 */
export class FlowStore {
  private constructor(
    private readonly db: Low<FlowsFile>,
    /** Absolute path of flows.json, or undefined for an in-memory store. */
    readonly file: string | undefined,
    /** The snapshots of deploys and named ones. */
    readonly snapshots: SnapshotStore,
  ) {}

  /** Opens (or starts) the store in `dataDir`, creating the directory; in memory when `dataDir` is omitted. */
  static async open(dataDir?: string, options: FlowStoreOptions = {}): Promise<FlowStore> {
    const empty: FlowsFile = { revision: INITIAL_REVISION, flows: [] };
    if (dataDir === undefined)
      return new FlowStore(
        new Low<FlowsFile>(new Memory<FlowsFile>(), empty),
        undefined,
        new SnapshotStore(undefined, options.keepSnapshots),
      );
    await mkdir(dataDir, { recursive: true });
    const file = join(dataDir, 'flows.json');
    const history = new SnapshotStore(join(dataDir, SNAPSHOTS_DIR), options.keepSnapshots);
    const db = new Low<FlowsFile>(new DurableJsonFile<FlowsFile>(file), empty);
    let fault: string | undefined;
    try {
      await db.read();
      if (!isFlowsFile(db.data)) fault = `${file} is not a flows file: expected { "revision": string, "flows": [...] }`;
    } catch (err) {
      if (!(err instanceof CorruptFileError)) throw err;
      fault = err.message;
    }
    if (fault !== undefined) db.data = await recover({ file, fault, history, options });
    // A flows.json from before the history (or restored by hand) becomes its first kept revision.
    if (db.data.revision !== INITIAL_REVISION && !(await history.has(db.data.revision))) await history.add(db.data);
    return new FlowStore(db, file, history);
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

  /**
   * Replaces all flows (already validated), records their snapshot (id = the revision) with
   * `facts`, and returns the new revision.
   */
  async save(flows: readonly Flow[], facts: Partial<SnapshotFacts> = {}): Promise<string> {
    const revision = nextRevision(this.db.data.revision, flows);
    const data = { revision, flows: structuredClone([...flows]) };
    // Both durable, in parallel: flows.json is replaced atomically, so it is never half written by
    // us; the snapshot is for what happens to it afterwards (a disk fault, a hand edit).
    this.db.data = data;
    await Promise.all([this.snapshots.add(data, facts), this.db.write()]);
    return revision;
  }

  /** The current flows file (revision and flows), for a named snapshot. */
  current(): FlowsFile {
    return { revision: this.db.data.revision, flows: structuredClone(this.db.data.flows) };
  }
}

/** Restores the last good revision of an unreadable flows.json, or fails naming both. */
async function recover(args: {
  file: string;
  fault: string;
  history: SnapshotStore;
  options: FlowStoreOptions;
}): Promise<FlowsFile> {
  const { file, fault, history, options } = args;
  const good = await history.lastGood();
  if (!good)
    throw new UserError('flows_file_corrupt', `${fault}. No earlier revision is kept in ${history.dir ?? 'memory'}.`);
  if (!options.restoreLastGood)
    throw new UserError(
      'flows_file_corrupt',
      `${fault}. The last good revision is ${good.data.revision}, saved ${good.savedAt.toISOString()} ` +
        `(${good.file}); start with --restore-last-good to run it.`,
    );
  const corruptFile = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  await rename(file, corruptFile);
  await writeFileDurably(file, JSON.stringify(good.data, null, 2));
  options.onRestore?.({ corruptFile, revision: good.data.revision, savedAt: good.savedAt });
  return good.data;
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
