// SKELETON: the signatures below are the contract; the implementation lands next.
import type { DeployMode, DeployResponse, Flow } from '@millwright/model';
import type { NodeRegistry, NodeStats } from '@millwright/sdk';
import type { EventBus } from '../events/event-bus.js';

export interface FlowManagerOptions {
  registry: NodeRegistry;
  /** Module specifiers (or file URLs) each exporting `nodes`, loaded again inside every worker. */
  nodeModules: string[];
  bus: EventBus;
  /** `worker` (default): one worker thread per flow. `in-process`: for tests and tiny setups. */
  isolation?: 'worker' | 'in-process';
  /** Decrypted credentials per node id. */
  credentials?: (nodeId: string) => Record<string, unknown> | undefined;
  env?: (name: string) => string | undefined;
  /** Heap limit per flow worker in MB. */
  workerHeapMb?: number;
}

export interface FlowState {
  flowId: string;
  state: 'starting' | 'running' | 'crashed' | 'restarting' | 'stopped';
  restarts: number;
}

/** Runs the deployed flows, each in its own worker; restarts crashed ones with backoff. */
export class FlowManager {
  constructor(readonly options: FlowManagerOptions) {}

  /** Applies already validated and migrated flows. */
  async deploy(_flows: Flow[], _mode: DeployMode): Promise<DeployResponse['changes']> {
    throw new Error('not implemented');
  }

  /** Triggers a source node; rejects with `code: 'node_not_found'` if no running flow has it. */
  async inject(_nodeId: string): Promise<void> {
    throw new Error('not implemented');
  }

  states(): FlowState[] {
    return [];
  }

  /** Counters per flow and node. */
  async stats(): Promise<Record<string, Record<string, NodeStats>>> {
    return {};
  }

  async stop(): Promise<void> {}
}
