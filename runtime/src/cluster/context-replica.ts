import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { contextFileOf, writeFileDurably } from '@millwright/sdk';
import type { Logger } from 'pino';
import type { ClusterStore } from './cluster-store.js';

/** JetStream's default largest message: a bigger context file is not replicated (and says so). */
const MAX_REPLICA_BYTES = 1024 * 1024 - 4096;

/**
 * Replicates the context file of the `once` flows this runtime holds to the cluster's `<name>-context`
 * bucket, so the runtime that takes a flow over continues with its context. The flow writes its
 * file (`"context": {"store": "file"}`, at most `flushIntervalMs` after a change); every 250 ms the
 * runtime sends a file whose modification time moved. Before a runtime starts a flow it just took over, it writes
 * the replica over its local file. What changed after the last send before a crash is lost: the
 * window is the flow's flush interval plus 250 ms and the time of the put.
 */
export class ContextReplica {
  private readonly sent = new Map<string, number>();
  private readonly warned = new Set<string>();

  constructor(
    private readonly store: ClusterStore,
    private readonly dataDir: string | undefined,
    private readonly log: Logger,
  ) {}

  /** Sends the context files of `flowIds` that changed since they were last sent. */
  async push(flowIds: Iterable<string>): Promise<void> {
    if (!this.dataDir) return;
    for (const flowId of flowIds) {
      const file = contextFileOf(this.dataDir, flowId);
      const s = await stat(file).catch(() => undefined);
      if (!s || s.mtimeMs === this.sent.get(flowId)) continue;
      if (s.size > MAX_REPLICA_BYTES) {
        if (!this.warned.has(flowId))
          this.log.warn(
            { flowId, bytes: s.size },
            'cluster: context too large to replicate (over 1 MB); a takeover starts without it',
          );
        this.warned.add(flowId);
        this.sent.set(flowId, s.mtimeMs);
        continue;
      }
      const text = await readFile(file, 'utf8').catch(() => undefined);
      if (text === undefined) continue;
      await this.store.putContext(flowId, text);
      this.sent.set(flowId, s.mtimeMs);
    }
  }

  /** Writes the cluster's replica of `flowId`'s context over the local file (a takeover), if there is one. */
  async pull(flowId: string): Promise<void> {
    if (!this.dataDir) return;
    const text = await this.store.getContext(flowId);
    if (text === undefined) return;
    const file = contextFileOf(this.dataDir, flowId);
    await mkdir(dirname(file), { recursive: true });
    await writeFileDurably(file, text);
    this.sent.delete(flowId);
    this.log.info({ flowId }, 'cluster: flow context taken from the cluster');
  }
}
