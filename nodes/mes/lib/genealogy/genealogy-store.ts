import { closeSync, existsSync, fstatSync, fsyncSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { genealogyEdgeSchema, type GenealogyEdge } from './edge.js';

/** File name of the genealogy store in the runtime's data folder. */
export const GENEALOGY_FILE = 'genealogy.jsonl';

const NEWLINE = 0x0a;
const READ_CHUNK = 1 << 20;

/**
 * Lot genealogy kept as an append-only JSON-lines file (one edge per line, fsync after each
 * append) with an in-memory index for queries. Several processes or threads may open the same file:
 * writers append whole lines with O_APPEND, readers call `refresh()` to pick up lines others added.
 * A torn last line (crash mid-write) is skipped and counted in `skipped`.
 *
 * With `path` null the store lives in memory only (runs without a data folder).
 */
export class GenealogyStore {
  private readonly backward = new Map<string, GenealogyEdge[]>();
  private readonly forward = new Map<string, GenealogyEdge[]>();
  private offset = 0;
  private writeFd: number | undefined;
  private badLines = 0;
  private count = 0;

  private constructor(
    readonly path: string | null,
    private readonly readOnly: boolean,
  ) {}

  /**
   * Opens (and indexes) the store at `path`; a missing file is an empty store. `readOnly` stores
   * never create or write the file.
   * @throws the fs error when the file exists but cannot be read.
   */
  static open(path: string | null, options: { readOnly?: boolean } = {}): GenealogyStore {
    const store = new GenealogyStore(path, options.readOnly ?? false);
    store.refresh();
    return store;
  }

  /** Edges read so far. */
  get size(): number {
    return this.count;
  }

  /** Lines that were not valid edges (a torn write after a crash, manual edits). */
  get skipped(): number {
    return this.badLines;
  }

  /**
   * Appends edges durably (written and fsynced before it returns) and indexes them, together with
   * whatever other writers appended meanwhile.
   * @throws Error for an invalid edge (nothing is written) or a failed write.
   */
  append(edges: readonly GenealogyEdge[]): void {
    if (this.readOnly) throw new Error('the genealogy store is open read-only');
    const valid = edges.map((e) => genealogyEdgeSchema.parse(e));
    if (valid.length === 0) return;
    if (this.path === null) {
      for (const e of valid) this.index(e);
      return;
    }
    const fd = this.openForAppend(this.path);
    const buf = Buffer.from(valid.map((e) => `${JSON.stringify({ v: 1, ...e })}\n`).join(''));
    let written = 0;
    while (written < buf.length) written += writeSync(fd, buf, written);
    fsyncSync(fd);
    this.refresh();
  }

  /** Reads lines appended since the last read (by anyone). A file that shrank is re-read from the start. */
  refresh(): void {
    if (this.path === null || !existsSync(this.path)) return;
    const fd = openSync(this.path, 'r');
    try {
      const size = fstatSync(fd).size;
      if (size < this.offset) this.reset();
      let pending = Buffer.alloc(0);
      let pos = this.offset;
      while (pos < size) {
        const chunk = Buffer.alloc(Math.min(READ_CHUNK, size - pos));
        const n = readSync(fd, chunk, 0, chunk.length, pos);
        if (n <= 0) break;
        pos += n;
        pending = Buffer.concat([pending, chunk.subarray(0, n)]);
        let start = 0;
        for (let i = pending.indexOf(NEWLINE); i !== -1; i = pending.indexOf(NEWLINE, start)) {
          this.parseLine(pending.subarray(start, i).toString('utf8'));
          start = i + 1;
        }
        this.offset += start;
        pending = pending.subarray(start);
      }
    } finally {
      closeSync(fd);
    }
  }

  /** Edges whose produced lot is `lot`: what went into it. */
  inputsOf(lot: string): readonly GenealogyEdge[] {
    return this.backward.get(lot) ?? [];
  }

  /** Edges whose consumed lot is `lot`: what it went into. */
  usesOf(lot: string): readonly GenealogyEdge[] {
    return this.forward.get(lot) ?? [];
  }

  /** Whether any edge names `lot`. */
  has(lot: string): boolean {
    return this.backward.has(lot) || this.forward.has(lot);
  }

  /** Releases the append handle. The store can still be read (and reopens on the next append). */
  close(): void {
    if (this.writeFd !== undefined) closeSync(this.writeFd);
    this.writeFd = undefined;
  }

  private openForAppend(path: string): number {
    if (this.writeFd !== undefined) return this.writeFd;
    mkdirSync(dirname(path), { recursive: true });
    const fd = openSync(path, 'a+');
    // A torn last line from a crash would swallow our first line: end it first.
    const size = fstatSync(fd).size;
    if (size > 0) {
      const last = Buffer.alloc(1);
      readSync(fd, last, 0, 1, size - 1);
      if (last[0] !== NEWLINE) writeSync(fd, '\n');
    }
    this.writeFd = fd;
    return fd;
  }

  private parseLine(line: string): void {
    if (line.trim() === '') return;
    try {
      // The schema drops the line's format version `v` (unknown keys are stripped).
      const parsed = genealogyEdgeSchema.safeParse(JSON.parse(line));
      if (parsed.success) this.index(parsed.data);
      else this.badLines++;
    } catch {
      this.badLines++;
    }
  }

  private index(e: GenealogyEdge): void {
    push(this.backward, e.producedLot, e);
    push(this.forward, e.consumedLot, e);
    this.count++;
  }

  private reset(): void {
    this.backward.clear();
    this.forward.clear();
    this.offset = 0;
    this.count = 0;
    this.badLines = 0;
  }
}

function push(map: Map<string, GenealogyEdge[]>, key: string, e: GenealogyEdge): void {
  const list = map.get(key);
  if (list) list.push(e);
  else map.set(key, [e]);
}
