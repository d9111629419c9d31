import type { ConfigNode, FlowMessage, FlowNode, SerializedError } from '@millwright/model';
import type { AnyNodeDefinition } from '../define-node.js';
import type { NodeHandlers } from '../node-context.js';
import { MemoryContextStore } from '../memory-context.js';
import type { NodeStats } from './engine-host.js';
import type { ChartThrottle } from './chart-throttle.js';

/** A running node (or config node) inside an engine. Internal to the engine. */
export class NodeInstance {
  handlers: NodeHandlers | null = null;
  /** Set when setup failed; inputs are answered with this error. */
  failed: SerializedError | null = null;
  closed = false;
  /** Messages waiting for delivery, in arrival order. */
  mailbox: FlowMessage[] = [];
  /** When the oldest message now in the mailbox arrived (Date.now()); 0 while it is empty. */
  mailboxSince = 0;
  /** True while this instance sits in the engine's ready queue. */
  queued = false;
  /** Targets per output port. */
  outs: NodeInstance[][] = [];
  /** Message counters (the queue depth of {@link NodeStats} is counted when asked). */
  readonly stats: Omit<NodeStats, 'queued' | 'oldestMs'> = { received: 0, sent: 0, errors: 0 };
  readonly nodeContext: MemoryContextStore;
  /** Rate limiter of `ctx.chart()`, created on first use. */
  chart: ChartThrottle | undefined;

  constructor(
    readonly node: FlowNode | (ConfigNode & { position?: undefined }),
    readonly def: AnyNodeDefinition,
    readonly isConfig: boolean,
    nodeContext?: MemoryContextStore,
  ) {
    this.nodeContext = nodeContext ?? new MemoryContextStore();
  }

  get id(): string {
    return this.node.id;
  }

  get ready(): boolean {
    return this.handlers !== null || this.failed !== null;
  }
}
