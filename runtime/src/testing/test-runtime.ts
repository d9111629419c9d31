import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Flow, FlowNode, RuntimeEvent, Wire } from '@millwright/model';
import { pino } from 'pino';
import { createRuntime, type Runtime, type RuntimeOptions } from '../runtime.js';

/** File URL of the fixture node module, for `nodeModules`. */
export const FIXTURE_NODES = new URL('./fixture-nodes.ts', import.meta.url).href;

/** A started runtime on 127.0.0.1:0 in a fresh temp data dir, with helpers. Call `close()` in afterEach. */
export interface TestRuntime {
  runtime: Runtime;
  url: string;
  dataDir: string;
  events: RuntimeEvent[];
  /** fetch against the runtime; JSON bodies are encoded, the answer parsed. */
  api(
    method: string,
    path: string,
    body?: unknown,
    token?: string,
  ): Promise<{ status: number; body: unknown; text: string }>;
  close(): Promise<void>;
}

export async function startTestRuntime(options: Partial<RuntimeOptions> = {}): Promise<TestRuntime> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'mw-runtime-')));
  const runtime = await createRuntime({
    port: 0,
    isolation: 'in-process',
    nodeModules: [FIXTURE_NODES],
    logger: pino({ level: 'silent' }),
    env: {},
    // Tests' servers listen on loopback, which outbound.deny refuses by default.
    outboundAllow: ['127.0.0.1', '::1'],
    ...options,
    dataDir,
  }).catch(async (err: unknown) => {
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  });
  const events: RuntimeEvent[] = [];
  runtime.bus.on((e) => events.push(e));
  await runtime.start();
  return {
    runtime,
    url: runtime.url,
    dataDir,
    events,
    async api(method, path, body, token) {
      const headers: Record<string, string> = {};
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (token) headers['authorization'] = `Bearer ${token}`;
      const res = await fetch(`${runtime.url}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON (metrics, export): keep the text
      }
      return { status: res.status, body: parsed, text };
    },
    async close() {
      await runtime.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Builds a flow from nodes given as `[id, type, config]` and wires as `[from, to]` (port 0 to port 0). */
export function testFlow(
  id: string,
  nodes: Array<[string, string, Record<string, unknown>?]>,
  wires: Array<[string, string, number?]> = [],
): Flow {
  const flowNodes: FlowNode[] = nodes.map(([nodeId, type, config], i) => ({
    id: nodeId,
    type,
    typeVersion: 1,
    config: config ?? {},
    position: { x: 100 + 200 * i, y: 100 },
  }));
  const flowWires: Wire[] = wires.map(([from, to, port]) => ({
    from: { node: from, port: port ?? 0 },
    to: { node: to, port: 0 },
  }));
  return { version: 1, id, name: id, nodes: flowNodes, wires: flowWires };
}

/** Resolves with the first event matching `match`, already seen or upcoming; rejects after `timeoutMs`. */
export function waitForEvent<E extends RuntimeEvent>(
  t: TestRuntime,
  match: (e: RuntimeEvent) => e is E,
  timeoutMs = 5_000,
): Promise<E> {
  const seen = t.events.find(match);
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error('timed out waiting for a runtime event'));
    }, timeoutMs);
    const off = t.runtime.bus.on((e) => {
      if (!match(e)) return;
      clearTimeout(timer);
      off();
      resolve(e);
    });
  });
}
