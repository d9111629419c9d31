import type { Flow, FlowMessage } from '@millwright/model';
import { MemoryContextStore, NodeRegistry, runFlow, type FlowHarness } from '@millwright/sdk';
import { diffJson, type DiffEntry } from './json-diff.js';
import { prepareFlow } from './prepare-flow.js';
import { createStandIn, STAND_IN_TYPE, type StandInRecorder } from './stand-in.js';
import type { Expectation, FlowTestCase } from './test-file.js';

/** Why one expectation failed: counts, and per differing message the diff. */
export interface ExpectationFailure {
  node: string;
  port: number;
  on: 'output' | 'input';
  expectedCount: number;
  actualCount: number;
  /** Differences of messages at the same position (1-based `index`). */
  messages: Array<{ index: number; diff: DiffEntry[] }>;
  /** The actual messages (without `id` and `trace`), for context. */
  actual: unknown[];
}

/** Outcome of one test case. */
export interface CaseResult {
  name: string;
  ok: boolean;
  durationMs: number;
  failures: ExpectationFailure[];
  /** The case could not run (bad stub, node failed to start, unknown node in an input step). */
  problem?: string;
  /** Errors nodes raised while the case ran, as `<node> <code>: <message>`. */
  nodeErrors: string[];
}

/**
 * Runs one case in-process: prepares the flow (stand-ins, timers), starts it with the installed
 * node types, plays the input steps in order, waits until every expectation has its message count
 * (or `timeoutMs`), lets the flow settle for `settleMs`, then compares.
 */
export async function runCase(args: {
  flow: Flow;
  registry: NodeRegistry;
  testCase: FlowTestCase;
  standInTypes: readonly string[];
}): Promise<CaseResult> {
  const { testCase } = args;
  const started = Date.now();
  const result = (partial: Partial<CaseResult>): CaseResult => ({
    name: testCase.name,
    ok: false,
    durationMs: Date.now() - started,
    failures: [],
    nodeErrors: [],
    ...partial,
  });
  const recorder: StandInRecorder = new Map();
  let h: FlowHarness | undefined;
  try {
    const flow = prepareFlow({ ...args, catalog: args.registry });
    const registry = new NodeRegistry([
      ...args.registry.types().flatMap((t) => {
        const def = t === STAND_IN_TYPE ? undefined : args.registry.definition(t);
        return def ? [def] : [];
      }),
      createStandIn(recorder),
    ]);
    const global = new MemoryContextStore();
    for (const [k, v] of Object.entries(testCase.global)) global.set(k, v);
    h = await runFlow(flow, registry, { globalContext: global, env: testCase.env });
    const startErrors = nodeErrors(h);
    if (startErrors.length)
      return result({ problem: `nodes failed to start: ${startErrors.join('; ')}`, nodeErrors: startErrors });
    for (const step of testCase.inputs) {
      if ('waitMs' in step) await sleep(step.waitMs);
      else if ('inject' in step) await h.trigger(step.inject);
      else h.send(step.node, step.msg as Partial<FlowMessage>);
    }
    const harness = h;
    const side = (e: Expectation): 'output' | 'input' =>
      e.on ?? (outputCount(registry, flow, e.node) > 0 ? 'output' : 'input');
    const seen = (e: Expectation) => received(harness, flow, recorder, e, side(e));
    const deadline = Date.now() + testCase.timeoutMs;
    while (Date.now() < deadline && testCase.expect.some((e) => seen(e).length < e.messages.length)) await sleep(10);
    await h.idle();
    await sleep(testCase.settleMs);
    const failures = testCase.expect.flatMap((e) => check(e, seen(e), side(e)));
    return result({ ok: failures.length === 0, failures, nodeErrors: nodeErrors(h) });
  } catch (err) {
    return result({
      problem: err instanceof Error ? err.message : String(err),
      ...(h ? { nodeErrors: nodeErrors(h) } : {}),
    });
  } finally {
    await h?.stop();
  }
}

function outputCount(registry: NodeRegistry, flow: Flow, nodeId: string): number {
  const node = flow.nodes.find((n) => n.id === nodeId);
  if (!node) throw new Error(`expectation names node "${nodeId}", which the flow does not have`);
  return registry.get(node.type)?.outputCount(node.config) ?? 0;
}

/** What the expectation looks at: the node's sends on `port`, or the messages that reached it. */
function received(
  h: FlowHarness,
  flow: Flow,
  recorder: StandInRecorder,
  e: Expectation,
  side: 'output' | 'input',
): FlowMessage[] {
  if (side === 'output') return h.outputs(e.node, e.port);
  const recorded = recorder.get(e.node);
  if (recorded) return recorded;
  return flow.wires.filter((w) => w.to.node === e.node).flatMap((w) => h.outputs(w.from.node, w.from.port));
}

function check(e: Expectation, actual: FlowMessage[], on: 'output' | 'input'): ExpectationFailure[] {
  const plain = actual.map(withoutVolatile);
  const messages: ExpectationFailure['messages'] = [];
  const n = Math.max(e.messages.length, plain.length);
  for (let i = 0; i < n; i++) {
    if (i >= e.messages.length || i >= plain.length) continue; // counted below
    const diff = diffJson(e.messages[i], plain[i], e.match);
    if (diff.length) messages.push({ index: i + 1, diff });
  }
  if (!messages.length && plain.length === e.messages.length) return [];
  return [
    {
      node: e.node,
      port: e.port,
      on,
      expectedCount: e.messages.length,
      actualCount: plain.length,
      messages,
      actual: plain,
    },
  ];
}

/** A message without what changes on every run: `id`, `trace` and `parts.id`. */
function withoutVolatile(msg: FlowMessage): Record<string, unknown> {
  const { id: _id, trace: _trace, ...rest } = msg;
  const parts = rest['parts'];
  if (typeof parts === 'object' && parts !== null && 'id' in parts) {
    const { id: _pid, ...p } = parts as Record<string, unknown>;
    rest['parts'] = p;
  }
  return rest;
}

function nodeErrors(h: FlowHarness): string[] {
  return h.errors().map((e) => `${e.nodeId ?? e.flowId} ${e.error.code}: ${e.error.message}`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
