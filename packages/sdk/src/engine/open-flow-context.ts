import { join } from 'node:path';
import { serializeError, type Flow } from '@millwright/model';
import type { EngineHost } from './engine-host.js';
import type { FlowContextStorage } from './flow-context-storage.js';

/** Folder of the flows' context files under the runtime's data dir (`NodeContext.dataDir`). */
export const CONTEXT_FOLDER = 'context';

/** The context file of a flow: `<dataDir>/context/<flow id>.json` (the id percent-encoded). */
export const contextFileOf = (dataDir: string, flowId: string): string =>
  join(dataDir, CONTEXT_FOLDER, `${encodeURIComponent(flowId)}.json`);

/**
 * Makes the flow's context persistent when the flow asks for it (`"context": {"store": "file"}`)
 * and the runtime keeps files (`EngineHost.dataDir`); without a data dir (headless runs, flow
 * tests) the context stays in memory and a warning says so.
 */
export async function openFlowContext(storage: FlowContextStorage, flow: Flow, host: EngineHost): Promise<void> {
  const options = flow.context;
  if (options?.store !== 'file') return;
  if (host.dataDir === undefined) {
    host.emit({
      type: 'log',
      time: Date.now(),
      level: 'warn',
      flowId: host.flowId,
      message: `flow "${host.flowId}" asks for a file context, but the runtime keeps no files (no data dir): its context stays in memory`,
    });
    return;
  }
  await storage.open(
    {
      file: contextFileOf(host.dataDir, host.flowId),
      ...(options.flushIntervalMs !== undefined ? { flushIntervalMs: options.flushIntervalMs } : {}),
      ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}),
    },
    { error: (err) => reportContextError(host, err) },
  );
}

/** A context file problem (corrupt at start, a failed write) as a flow-level error event. */
export function reportContextError(host: EngineHost, err: unknown): void {
  host.emit({
    type: 'error',
    time: Date.now(),
    flowId: host.flowId,
    error: serializeError(err, 'context_error'),
    caught: false,
  });
}
