import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError, type DeployMode, type Snapshot, type SnapshotMeta } from '@millwright/model';
import { readJsonFile, writeFileDurably } from '../storage/durable-file.js';
import type { FlowsFile } from '../storage/flow-store.js';

/** Snapshots recorded by deploys that are kept (settings.json `snapshots.keep`); named ones come on top. */
export const DEFAULT_KEPT_SNAPSHOTS = 50;

/**
 * Folder of the snapshots, inside the data dir. The name is from the time it held bare revisions
 * (`{ revision, flows }`), which still read as snapshots: data dirs keep working.
 */
export const SNAPSHOTS_DIR = 'flows-history';

/** Separates the revision from the name slug in a named snapshot's id (`12-3f9a0b1c2d~before-retrofit`). */
const NAMED = '~';

/** What a snapshot records besides the flows; everything defaults, so a bare revision is a snapshot too. */
export interface SnapshotFacts {
  name?: string | undefined;
  author: string;
  mode: DeployMode;
  message?: string | undefined;
  settings: Record<string, unknown>;
  packages: Snapshot['packages'];
  credentialKeys: Snapshot['credentialKeys'];
  tests: Snapshot['tests'];
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

/** A revision as it may appear in a file name and a URL. */
const safe = (text: string): string => text.replace(/[^\w.-]/g, '_');

/** `Before retrofit!` → `before-retrofit`. */
export function slugOf(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'snapshot'
  );
}

interface Entry {
  id: string;
  savedAt: Date;
}

/**
 * Snapshots of the deployed flows: one file per snapshot in `<dataDir>/flows-history/`, holding
 * flows.json's content (`revision`, `flows`) plus who, when, why, the settings without secrets,
 * the node packages, credential key names and flow tests ({@link SnapshotFacts}). Every deploy
 * records one (id = its revision), written durably before flows.json itself, so whatever a crash
 * or a disk fault does to flows.json, the last good revision is on disk beside it. The newest
 * `keep` deploy snapshots are kept; named ones (id `<revision>~<slug>`) stay until deleted.
 * Without a directory, snapshots live in memory.
 */
export class SnapshotStore {
  private readonly memory = new Map<string, { snapshot: Snapshot; savedAt: Date }>();
  /** Facts of snapshot files already read, by id, with the file time they were read at. */
  private readonly metas = new Map<string, { savedAt: number; meta: SnapshotMeta }>();

  constructor(
    /** The folder, or undefined to keep snapshots in memory. */
    readonly dir: string | undefined,
    readonly keep = DEFAULT_KEPT_SNAPSHOTS,
  ) {}

  /** Records the snapshot of a deploy (id = revision) and drops the oldest beyond `keep`. */
  async add(data: FlowsFile, facts: Partial<SnapshotFacts> = {}): Promise<Snapshot> {
    const snapshot = build(safe(data.revision), data, { ...facts, name: undefined });
    await this.write(snapshot);
    const old = (await this.entries()).filter((e) => !e.id.includes(NAMED)).slice(this.keep);
    await Promise.all(old.map((e) => this.remove(e.id)));
    return snapshot;
  }

  /** Records a named snapshot of `data`; refuses a name already used for the same revision. */
  async addNamed(data: FlowsFile, facts: Partial<SnapshotFacts> & { name: string }): Promise<Snapshot> {
    const id = `${safe(data.revision)}${NAMED}${slugOf(facts.name)}`;
    if ((await this.entries()).some((e) => e.id === id))
      throw new UserError('snapshot_exists', `a snapshot "${id}" exists already; choose another name`);
    const snapshot = build(id, data, facts);
    await this.write(snapshot);
    return snapshot;
  }

  /** Whether a snapshot of `revision` (recorded by a deploy) is kept. */
  async has(revision: string): Promise<boolean> {
    return (await this.entries()).some((e) => e.id === safe(revision));
  }

  /**
   * Every snapshot's facts, newest first. Snapshots that do not read back are left out. A file
   * is read once: its facts are kept while its time stays the same (a snapshot is never rewritten).
   */
  async list(): Promise<SnapshotMeta[]> {
    const all = await Promise.all(
      (await this.entries()).map(async (e) => {
        const known = this.metas.get(e.id);
        if (known?.savedAt === e.savedAt.getTime()) return known.meta;
        const snapshot = await this.get(e.id).catch(() => undefined);
        if (!snapshot) return undefined;
        const meta = metaOf(snapshot);
        this.metas.set(e.id, { savedAt: e.savedAt.getTime(), meta });
        return meta;
      }),
    );
    return all.filter((m): m is SnapshotMeta => m !== undefined);
  }

  /** One snapshot, or undefined when there is none with `id`. Throws when its file does not read back. */
  async get(id: string): Promise<Snapshot | undefined> {
    if (this.dir === undefined) return this.memory.get(id)?.snapshot;
    const entry = (await this.entries()).find((e) => e.id === id);
    if (!entry) return undefined;
    const data = await readJsonFile(this.fileOf(id));
    if (!isFlowsFile(data)) throw new UserError('snapshot_corrupt', `snapshot "${id}" is not a flows file`);
    return fromFile(id, data, entry.savedAt);
  }

  /** The snapshot, or a 404 `snapshot_not_found`. */
  async require(id: string): Promise<Snapshot> {
    const snapshot = await this.get(id);
    if (!snapshot) throw new UserError('snapshot_not_found', `no snapshot "${id}"`);
    return snapshot;
  }

  async remove(id: string): Promise<void> {
    this.metas.delete(id);
    if (this.dir === undefined) this.memory.delete(id);
    else await rm(this.fileOf(id), { force: true });
  }

  /** The newest deploy snapshot that reads back whole, or undefined when none does. */
  async lastGood(): Promise<{ file: string; savedAt: Date; data: FlowsFile } | undefined> {
    for (const entry of await this.entries()) {
      if (entry.id.includes(NAMED)) continue;
      const s = await this.get(entry.id).catch(() => undefined);
      if (s)
        return { file: this.fileOf(entry.id), savedAt: entry.savedAt, data: { revision: s.revision, flows: s.flows } };
    }
    return undefined;
  }

  /** Ids and save times, newest first (by revision counter, then time). */
  private async entries(): Promise<Entry[]> {
    let entries: Entry[];
    if (this.dir === undefined) entries = [...this.memory].map(([id, v]) => ({ id, savedAt: v.savedAt }));
    else {
      const dir = this.dir;
      const names = await readdir(dir).catch(() => [] as string[]);
      const found = await Promise.all(
        names
          .filter((n) => n.endsWith('.json'))
          .map(async (n) => {
            const info = await stat(join(dir, n)).catch(() => undefined);
            return info ? { id: n.slice(0, -'.json'.length), savedAt: info.mtime } : undefined;
          }),
      );
      entries = found.filter((e): e is Entry => e !== undefined);
    }
    return entries.sort((a, b) => counterOf(b.id) - counterOf(a.id) || b.savedAt.getTime() - a.savedAt.getTime());
  }

  private async write(snapshot: Snapshot): Promise<void> {
    if (this.dir === undefined) {
      this.memory.set(snapshot.id, { snapshot: structuredClone(snapshot), savedAt: new Date() });
      return;
    }
    await mkdir(this.dir, { recursive: true });
    const { id: _id, flowCount: _count, ...content } = snapshot;
    await writeFileDurably(this.fileOf(snapshot.id), JSON.stringify(content));
    const info = await stat(this.fileOf(snapshot.id)).catch(() => undefined);
    if (info) this.metas.set(snapshot.id, { savedAt: info.mtime.getTime(), meta: metaOf(snapshot) });
  }

  private fileOf(id: string): string {
    return join(this.dir ?? '', `${id}.json`);
  }
}

function build(id: string, data: FlowsFile, facts: Partial<SnapshotFacts> & { time?: string }): Snapshot {
  return {
    id,
    ...(facts.name !== undefined ? { name: facts.name } : {}),
    author: facts.author ?? 'runtime',
    time: facts.time ?? new Date().toISOString(),
    mode: facts.mode ?? 'full',
    ...(facts.message ? { message: facts.message } : {}),
    revision: data.revision,
    flowCount: data.flows.length,
    flows: data.flows,
    settings: facts.settings ?? {},
    packages: facts.packages ?? [],
    credentialKeys: facts.credentialKeys ?? {},
    tests: facts.tests ?? {},
  };
}

/** A snapshot file read back; a bare kept revision (`{ revision, flows }`) gets defaults. */
function fromFile(id: string, data: FlowsFile, savedAt: Date): Snapshot {
  const raw = data as FlowsFile & Partial<Snapshot>;
  const text = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
  const record = (v: unknown): Record<string, never> | undefined =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, never>) : undefined;
  return build(id, data, {
    name: text(raw.name),
    author: text(raw.author) ?? 'unknown',
    mode: raw.mode === 'flows' || raw.mode === 'nodes' ? raw.mode : 'full',
    message: text(raw.message),
    settings: record(raw.settings) ?? {},
    packages: Array.isArray(raw.packages) ? raw.packages : [],
    credentialKeys: record(raw.credentialKeys) ?? {},
    tests: record(raw.tests) ?? {},
    time: text(raw.time) ?? savedAt.toISOString(),
  });
}

/** The list entry of a snapshot. */
export function metaOf(s: Snapshot): SnapshotMeta {
  return {
    id: s.id,
    ...(s.name !== undefined ? { name: s.name } : {}),
    author: s.author,
    time: s.time,
    mode: s.mode,
    ...(s.message !== undefined ? { message: s.message } : {}),
    revision: s.revision,
    flowCount: s.flowCount,
  };
}
