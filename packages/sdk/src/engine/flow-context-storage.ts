import { mkdir, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { OperationalError, UserError } from '@millwright/model';
import { CorruptFileError, readJsonFile, writeFileDurably } from '../durable-file.js';
import type { ContextStore } from '../node-context.js';

/** Defaults of a flow's persistent context (`Flow.context`). */
export const CONTEXT_FILE_DEFAULTS = { flushIntervalMs: 30_000, maxBytes: 10 * 1024 * 1024 } as const;

/** Version of the context file's layout. */
const FORMAT = 1;

/** Where and how often a flow's context is written (see `Flow.context` in the model). */
export interface ContextFileOptions {
  /** The flow's context file, e.g. `<dataDir>/context/<flow id>.json`. */
  file: string;
  flushIntervalMs?: number;
  maxBytes?: number;
}

/** Told about what goes wrong on disk; the flow keeps running on its memory copy. Must not throw. */
export interface ContextFileEvents {
  /** A write failed (it is retried at the next interval), or the file could not be read at start. */
  error(err: Error): void;
}

/**
 * The node and flow context of one flow. In memory by default; {@link open} makes it persistent:
 * the file's content is loaded before the nodes start, and every change is written at most
 * `flushIntervalMs` later, and on {@link close}, atomically (temp file, fsync, rename: a kill -9
 * leaves the previous or the new file, never a torn one).
 *
 * What is written is each value as of its last `set` (serialized then, so the size check is exact
 * and a later change to the same object is not persisted until it is set again). Values must be
 * JSON: a Date comes back as its ISO string, a Map or a BigInt is refused (`context_not_serializable`).
 */
export class FlowContextStorage {
  private readonly scopes = new Map<string, ScopeStore>();
  private file: ContextFile | undefined;

  /** The flow scope (`flow.get`). */
  readonly flow: ContextStore;

  constructor() {
    this.flow = this.scope(FLOW_SCOPE);
  }

  /** The node scope of `nodeId` (`context.get`); it outlives the node's restarts. */
  node(nodeId: string): ContextStore {
    return this.scope(NODE_SCOPE + nodeId);
  }

  /** True once {@link open} made the context persistent. */
  get persistent(): boolean {
    return this.file !== undefined;
  }

  /**
   * Loads `options.file` (absent: empty) and writes every later change to it. A file that is not a
   * context file (damaged on disk, edited by hand) is renamed `<file>.corrupt-<time>` and reported
   * as `context_file_corrupt`, naming both files; the flow starts with an empty context. Starting
   * empty rather than refusing keeps the line running: a flow whose state matters checks it against
   * the machines it drives (as the demo plant's work-order flow does with the PLC and the ERP).
   */
  async open(options: ContextFileOptions, events: ContextFileEvents): Promise<void> {
    if (this.file) throw new Error('the context is already open');
    const file = new ContextFile(options, events, this.scopes);
    await file.load();
    this.file = file;
    for (const s of this.scopes.values()) s.file = file;
  }

  /** Writes what changed now (the engine's stop, tests). */
  async flush(): Promise<void> {
    await this.file?.flush();
  }

  /**
   * Stops the timer and writes what changed. The file stays when the flow is deleted or disabled
   * (a flow deployed again with the same id finds its context); delete it by hand to start afresh.
   */
  async close(): Promise<void> {
    await this.file?.close();
  }

  private scope(name: string): ScopeStore {
    let s = this.scopes.get(name);
    if (!s) {
      s = new ScopeStore(name);
      s.file = this.file;
      this.scopes.set(name, s);
    }
    return s;
  }
}

const FLOW_SCOPE = 'flow';
const NODE_SCOPE = 'node:';

/** One scope's values, and in a persistent context their JSON text as of their last `set`. */
class ScopeStore implements ContextStore {
  readonly data = new Map<string, unknown>();
  readonly texts = new Map<string, string>();
  file: ContextFile | undefined;

  constructor(readonly name: string) {}

  get(key: string): unknown {
    return this.data.get(key);
  }

  set(key: string, value: unknown): void {
    if (value === undefined) return this.delete(key);
    if (this.file) this.file.change(this, key, serialize(key, value));
    this.data.set(key, value);
  }

  delete(key: string): void {
    if (this.file && this.texts.has(key)) this.file.change(this, key, undefined);
    this.data.delete(key);
  }

  keys(): string[] {
    return [...this.data.keys()];
  }

  async persisted(): Promise<void> {
    await this.file?.flush(true);
  }
}

/** The file of a persistent context: size accounting, the flush timer and the writes. */
class ContextFile {
  private readonly file: string;
  private readonly intervalMs: number;
  private readonly maxBytes: number;
  /** Bytes of the file as it would be written now. */
  private bytes = EMPTY_BYTES;
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private closed = false;

  constructor(
    options: ContextFileOptions,
    private readonly events: ContextFileEvents,
    private readonly scopes: Map<string, ScopeStore>,
  ) {
    this.file = options.file;
    this.intervalMs = options.flushIntervalMs ?? CONTEXT_FILE_DEFAULTS.flushIntervalMs;
    this.maxBytes = options.maxBytes ?? CONTEXT_FILE_DEFAULTS.maxBytes;
  }

  /** Fills the scopes from the file; what was set before (nothing, normally) is kept and counted. */
  async load(): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    let stored: Record<string, Record<string, unknown>> = {};
    try {
      stored = parseContextFile(this.file, await readJsonFile(this.file));
    } catch (err) {
      if (!(err instanceof CorruptFileError)) throw err;
      const aside = `${this.file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      await rename(this.file, aside).catch(() => undefined);
      this.events.error(
        new OperationalError(
          'context_file_corrupt',
          `${err.message}; it was moved to ${aside} and the flow starts with an empty context`,
        ),
      );
    }
    for (const [name, values] of Object.entries(stored)) {
      let s = this.scopes.get(name);
      if (!s) {
        s = new ScopeStore(name);
        this.scopes.set(name, s);
      }
      for (const [key, value] of Object.entries(values)) {
        if (s.data.has(key)) continue;
        s.data.set(key, value);
        s.texts.set(key, JSON.stringify(value));
      }
    }
    this.bytes = measure(this.scopes);
  }

  /** Accounts for a change (text undefined: a delete) and schedules the write; throws past maxBytes. */
  change(scope: ScopeStore, key: string, text: string | undefined): void {
    const before = scope.texts.get(key);
    const delta = entryBytes(key, text) - entryBytes(key, before) + scopeOverhead(scope, key, text);
    if (delta > 0 && this.bytes + delta > this.maxBytes)
      throw new UserError(
        'context_too_large',
        `context "${key}" not set: the flow's context would take ${this.bytes + delta} bytes, more than its limit of ${this.maxBytes} (${this.file}); delete keys or raise the flow's context.maxBytes`,
      );
    if (text === undefined) scope.texts.delete(key);
    else scope.texts.set(key, text);
    this.bytes += delta;
    this.dirty = true;
    if (!this.closed) this.timer ??= setTimeout(() => void this.flush(), this.intervalMs).unref();
  }

  /**
   * Writes the context if it changed since the last write; one write at a time, errors reported
   * (and, with `rethrow`, thrown to the caller waiting for the write).
   */
  async flush(rethrow = false): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.writing) await this.writing;
    if (!this.dirty) return;
    this.dirty = false;
    const text = render(this.scopes);
    let failure: unknown;
    this.writing = writeFileDurably(this.file, text)
      .catch((err: unknown) => {
        failure = err;
        // Kept dirty: the next interval (or the stop) tries again; the values stay in memory.
        this.dirty = true;
        this.events.error(
          new OperationalError(
            'context_write_failed',
            `could not write the flow's context to ${this.file}: ${err instanceof Error ? err.message : String(err)}`,
            err,
          ),
        );
        if (!this.closed) this.timer ??= setTimeout(() => void this.flush(), Math.max(this.intervalMs, 1_000)).unref();
      })
      .finally(() => (this.writing = undefined));
    await this.writing;
    if (rethrow && failure !== undefined) throw failure;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }
}

/** `{"version":1,"scopes":{}}` */
const EMPTY_BYTES = Buffer.byteLength(JSON.stringify({ version: FORMAT, scopes: {} }));

function serialize(key: string, value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (err) {
    throw new UserError(
      'context_not_serializable',
      `context "${key}" not set: a persistent context keeps JSON values only (${err instanceof Error ? err.message : String(err)})`,
    );
  }
  if (text === undefined)
    throw new UserError('context_not_serializable', `context "${key}" not set: a function or symbol is not JSON`);
  return text;
}

/** `"key":text,` */
const entryBytes = (key: string, text: string | undefined): number =>
  text === undefined ? 0 : Buffer.byteLength(JSON.stringify(key)) + Buffer.byteLength(text) + 2;

/** `"scope":{},` appears with a scope's first key and goes with its last. */
function scopeOverhead(scope: ScopeStore, key: string, text: string | undefined): number {
  const size = Buffer.byteLength(JSON.stringify(scope.name)) + 4;
  const has = scope.texts.has(key);
  if (text !== undefined && !has && scope.texts.size === 0) return size;
  if (text === undefined && has && scope.texts.size === 1) return -size;
  return 0;
}

function measure(scopes: Map<string, ScopeStore>): number {
  let bytes = EMPTY_BYTES;
  for (const s of scopes.values()) {
    if (!s.texts.size) continue;
    bytes += Buffer.byteLength(JSON.stringify(s.name)) + 4;
    for (const [k, t] of s.texts) bytes += entryBytes(k, t);
  }
  return bytes;
}

/** The file's text, from the values' JSON as of their last set. */
function render(scopes: Map<string, ScopeStore>): string {
  const parts: string[] = [];
  for (const s of scopes.values()) {
    if (!s.texts.size) continue;
    const entries = [...s.texts].map(([k, t]) => `${JSON.stringify(k)}:${t}`);
    parts.push(`${JSON.stringify(s.name)}:{${entries.join(',')}}`);
  }
  return `{"version":${FORMAT},"scopes":{${parts.join(',')}}}`;
}

/** The scopes of a context file; throws a {@link CorruptFileError} when it is not one. */
function parseContextFile(file: string, data: unknown): Record<string, Record<string, unknown>> {
  if (data === undefined) return {};
  const scopes = isRecord(data) && data['version'] === FORMAT ? data['scopes'] : undefined;
  if (!isRecord(scopes) || !Object.values(scopes).every(isRecord))
    throw new CorruptFileError(file, `is not a context file (expected {"version":${FORMAT},"scopes":{...}})`);
  return scopes as Record<string, Record<string, unknown>>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
