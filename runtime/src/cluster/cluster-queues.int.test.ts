import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNatsCluster, type NatsCluster } from '../testing/nats-cluster.js';
import { ClusterQueues } from './cluster-queues.js';

// The queue stream against a real nats-server: writes go on top of the sequence the writer knows,
// so a late write from a runtime that held the flow before cannot land between another's.
let nats: NatsCluster;
let nc: NatsConnection;
beforeAll(async () => {
  nats = await startNatsCluster(1);
  nc = await connect({ servers: nats.urls });
}, 30_000);
afterAll(async () => {
  await nc?.close();
  await nats?.stop();
});

describe('ClusterQueues', () => {
  it('loads what was written, compacts, and refuses a write on top of an old sequence', async () => {
    const queues = await ClusterQueues.open(nc, 'qtest', 1);
    const empty = await queues.load('flow', 'node');
    expect(empty).toEqual({ records: [], seq: 0 });
    const a1 = await queues.append('flow', 'node', [{ n: 1 }, { n: 2 }], empty.seq);
    const a2 = await queues.append('flow', 'node', [{ n: 3 }], a1.seq);
    expect(await queues.load('flow', 'node')).toEqual({ records: [{ n: 1 }, { n: 2 }, { n: 3 }], seq: a2.seq });

    // Writer B reads and writes; writer A, still at a2, is refused.
    const b = await queues.load('flow', 'node');
    const b1 = await queues.append('flow', 'node', [{ n: 4 }], b.seq);
    await expect(queues.append('flow', 'node', [{ n: 99 }], a2.seq)).rejects.toMatchObject({ code: 'queue_conflict' });
    await expect(queues.compact('flow', 'node', [{ n: 99 }], a2.seq)).rejects.toMatchObject({
      code: 'queue_conflict',
    });

    // B compacts to its live records: only those are left, and it goes on from there.
    const c = await queues.compact('flow', 'node', [{ n: 3 }, { n: 4 }], b1.seq);
    await queues.append('flow', 'node', [{ n: 5 }], c.seq);
    expect((await queues.load('flow', 'node')).records).toEqual([{ n: 3 }, { n: 4 }, { n: 5 }]);
    // Other queues are untouched.
    expect((await queues.load('flow', 'other')).records).toEqual([]);
  });
});
