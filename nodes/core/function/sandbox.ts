import { UserError } from '@millwright/model';
import ivm from 'isolated-vm';
import { usesAwait } from './detect-await.js';
import type { Effect } from './effects.js';
import { SANDBOX_BOOTSTRAP } from './sandbox-bootstrap.js';

/** The two ways out of the isolate. Arguments arrive as copies made by isolated-vm. */
export interface SandboxHost {
  /** `context`/`flow`/`global` access: `op` is get, set (undefined deletes) or keys. */
  context(scope: unknown, op: unknown, key?: unknown, value?: unknown): unknown;
  env(name: unknown): string | undefined;
}

export interface SandboxOptions {
  code: string;
  initCode: string;
  finalizeCode: string;
  memoryLimitMb: number;
  timeoutMs: number;
  info: { id: string; name: string; outputs: number };
  host: SandboxHost;
}

/** How one crossing into the isolate ended. After `memory` the isolate is gone; call `rebuild()`. */
export type Crossing =
  { ok: true; value: unknown } | { ok: false; reason: 'timeout' | 'memory' | 'error'; error: unknown };

export type HookName = 'init' | 'finalize';

interface Entries {
  runBatch: ivm.Reference;
  runHook: ivm.Reference;
  fire: ivm.Reference;
  drain: ivm.Reference;
}

const PARAMS = 'node, context, flow, global, env';
/**
 * Share of `timeoutMs` after which a batch crossing stops starting new messages. The crossing's
 * own limit is `timeoutMs * (1 + YIELD_SHARE)`, so every message starts with at least `timeoutMs`
 * left and a stuck one is stopped within `timeoutMs * 1.1`.
 */
const YIELD_SHARE = 0.1;

/**
 * One function node's isolate: compiles the bootstrap and the user code once, runs crossings with
 * a time limit, and reports timeouts and memory exhaustion as outcomes instead of exceptions.
 */
export class Sandbox {
  /** True when the code uses `await` and runs as an async function. */
  readonly isAsync: boolean;
  private isolate: ivm.Isolate;
  private entries: Entries;
  // Shared with the isolate: index (within the current batch) of the message running. Still
  // readable after the isolate died, which is how a memory-limit kill finds its message.
  private readonly progressBuffer = new SharedArrayBuffer(4);
  private readonly progress = new Int32Array(this.progressBuffer);
  private readonly callbacks: ivm.Callback[];

  constructor(private readonly opts: SandboxOptions) {
    this.callbacks = [new ivm.Callback(opts.host.context), new ivm.Callback(opts.host.env)];
    const built = this.build(usesAwait(opts.code));
    this.isAsync = built.isAsync;
    this.isolate = built.isolate;
    this.entries = built.entries;
  }

  /** False once the isolate is disposed (memory limit, or `dispose()`). */
  get alive(): boolean {
    return !this.isolate.isDisposed;
  }

  /** Index within the last batch of the message that was running when a crossing failed. */
  get progressIndex(): number {
    return this.progress[0] ?? 0;
  }

  /** Runs `msgs` as handles base, base + 1...; the value is how many were started before yielding. */
  runBatch(msgs: unknown[], base: number): Crossing {
    this.progress[0] = 0;
    const yieldAfter = Math.max(1, Math.floor(this.opts.timeoutMs * YIELD_SHARE));
    return this.cross(this.entries.runBatch, [msgs, base, yieldAfter], this.opts.timeoutMs + yieldAfter);
  }

  /** Starts initCode or finalizeCode as handle `m`; it settles through a `ret`/`fail` effect. */
  runHook(name: HookName, m: number): Crossing {
    return this.cross(this.entries.runHook, [name, m], this.opts.timeoutMs);
  }

  /** Runs the callback of timer `id`. */
  fire(id: number): Crossing {
    return this.cross(this.entries.fire, [id], this.opts.timeoutMs);
  }

  /**
   * Takes the queued effects. A separate crossing from the call that caused them, because promise
   * reactions run after that call's function returned (but before the crossing ends).
   */
  drain(): { effects: Effect[]; lost: boolean } {
    if (!this.alive) return { effects: [], lost: true };
    const r = this.cross(this.entries.drain, [], this.opts.timeoutMs);
    if (r.ok && Array.isArray(r.value)) return { effects: r.value, lost: false };
    return { effects: [], lost: !this.alive };
  }

  /** Replaces a dead (or live) isolate with a fresh one running the same code. Timers are gone. */
  rebuild(): void {
    this.dispose();
    const built = this.build(this.isAsync);
    this.isolate = built.isolate;
    this.entries = built.entries;
  }

  dispose(): void {
    if (!this.isolate.isDisposed) this.isolate.dispose();
  }

  private cross(fn: ivm.Reference, args: unknown[], timeout: number): Crossing {
    if (!this.alive) return { ok: false, reason: 'memory', error: new Error('the sandbox is disposed') };
    try {
      const value: unknown = fn.applySync(undefined, args, {
        arguments: { copy: true },
        result: { copy: true },
        timeout,
      });
      return { ok: true, value };
    } catch (error) {
      if (this.isolate.isDisposed) return { ok: false, reason: 'memory', error };
      const timedOut = error instanceof Error && error.message === 'Script execution timed out.';
      return { ok: false, reason: timedOut ? 'timeout' : 'error', error };
    }
  }

  private build(preferAsync: boolean): { isolate: ivm.Isolate; entries: Entries; isAsync: boolean } {
    const { code, initCode, finalizeCode, memoryLimitMb, info } = this.opts;
    const isolate = new ivm.Isolate({ memoryLimit: memoryLimitMb });
    try {
      const context = isolate.createContextSync();
      const boot: ivm.Reference = isolate
        .compileScriptSync(SANDBOX_BOOTSTRAP, { filename: 'bootstrap.js' })
        .runSync(context, { reference: true, timeout: 1000 });
      const api: ivm.Reference = boot.applySync(
        undefined,
        [
          ...this.callbacks,
          new ivm.ExternalCopy(info).copyInto(),
          new ivm.ExternalCopy(this.progressBuffer).copyInto(),
        ],
        { result: { reference: true }, timeout: 1000 },
      );
      const entry = (name: string): ivm.Reference => api.getSync(name, { reference: true });
      const userFn = compileFunction(isolate, context, code, preferAsync);
      entry('install').applySync(undefined, [userFn.fn.derefInto(), userFn.isAsync], { timeout: 1000 });
      const hooks: Array<{ name: HookName; body: string }> = [
        { name: 'init', body: initCode },
        { name: 'finalize', body: finalizeCode },
      ];
      for (const { name, body } of hooks) {
        if (!body.trim()) continue;
        const hook = compileSource(isolate, context, `(async function (${PARAMS}) {\n${body}\n})`, `${name}.js`);
        entry('installHook').applySync(undefined, [name, hook.derefInto()], { timeout: 1000 });
      }
      return {
        isolate,
        isAsync: userFn.isAsync,
        entries: { runBatch: entry('runBatch'), runHook: entry('runHook'), fire: entry('fire'), drain: entry('drain') },
      };
    } catch (err) {
      isolate.dispose();
      throw err;
    }
  }
}

function compileFunction(
  isolate: ivm.Isolate,
  context: ivm.Context,
  code: string,
  preferAsync: boolean,
): { fn: ivm.Reference; isAsync: boolean } {
  const source = (async: boolean) => `(${async ? 'async ' : ''}function (msg, ${PARAMS}) {\n${code}\n})`;
  if (!preferAsync) {
    try {
      return { fn: compileSource(isolate, context, source(false), 'function.js'), isAsync: false };
    } catch (err) {
      // `await` the scan missed (e.g. after a regex literal with a quote): V8 names it.
      if (!(err instanceof UserError && /await is only valid/.test(err.message))) throw err;
    }
  }
  return { fn: compileSource(isolate, context, source(true), 'function.js'), isAsync: true };
}

/** Compiles a wrapped function; syntax errors become `function_syntax_error` with line:column. */
function compileSource(isolate: ivm.Isolate, context: ivm.Context, source: string, filename: string): ivm.Reference {
  let fn: ivm.Reference;
  try {
    // lineOffset -1: the wrapper's first line is not the user's, so user line 1 reports as 1.
    fn = isolate.compileScriptSync(source, { filename, lineOffset: -1 }).runSync(context, {
      reference: true,
      timeout: 1000,
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new UserError('function_syntax_error', `${filename.replace('.js', '')} code does not compile: ${message}`);
  }
  if (fn.typeof !== 'function')
    throw new UserError('function_syntax_error', `${filename.replace('.js', '')} code must not close its function`);
  return fn;
}
