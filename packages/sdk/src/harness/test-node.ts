import type { Flow, FlowMessage } from '@millwright/model';
import type { AnyNodeDefinition } from '../define-node.js';
import { runFlow, type FlowHarness, type RunFlowOptions } from './run-flow.js';

/** One node running alone, for unit tests. */
export interface NodeHarness extends FlowHarness {
  /** Id of the node under test. */
  nodeId: string;
  /** Sends a message to the node's input. */
  input(msg: Partial<FlowMessage>): void;
  /** Resolves with the first `count` messages sent on `port`. */
  next(count?: number, options?: { port?: number; timeoutMs?: number }): Promise<FlowMessage[]>;
}

/**
 * Runs a single node with `config` (validated and defaulted by its schema, as in a deploy).
 *
 * @example
 * const h = await testNode(scale, { config: { factor: 3 } });
 * h.input({ payload: 2 });
 * expect((await h.next())[0]?.payload).toBe(6);
 */
export async function testNode(
  def: AnyNodeDefinition,
  options: Omit<RunFlowOptions, 'credentials'> & {
    config?: Record<string, unknown>;
    credentials?: Record<string, unknown>;
    extraNodes?: AnyNodeDefinition[];
  } = {},
): Promise<NodeHarness> {
  const nodeId = 'node-under-test';
  const flow: Flow = {
    version: 1,
    id: 'test-flow',
    name: 'test',
    nodes: [
      { id: nodeId, type: def.type, typeVersion: def.version, config: options.config ?? {}, position: { x: 0, y: 0 } },
    ],
    wires: [],
  };
  const h = await runFlow(flow, [def, ...(options.extraNodes ?? [])], {
    ...options,
    credentials: options.credentials ? { [nodeId]: options.credentials } : {},
  });
  return {
    ...h,
    nodeId,
    input: (msg) => h.send(nodeId, msg),
    next: (count = 1, opts = {}) => h.waitForOutputs(nodeId, count, opts),
  };
}
