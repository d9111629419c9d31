import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nkeys } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNatsCluster, type NatsCluster } from '../../runtime/src/testing/nats-cluster.js';
import { spawnRuntime, waitFor, type RuntimeChild } from '../integration/runtime-child.js';

// Issue 14: a NATS that requires a user and password. The runtime takes them from the environment
// (never from flags) and joins; without them it says NATS is unreachable and keeps serving.
let nats: NatsCluster;
let dir: string;
const children: RuntimeChild[] = [];
beforeAll(async () => {
  nats = await startNatsCluster(1, { auth: { user: 'mw', password: 'n4ts-secret' } });
  dir = await mkdtemp(join(tmpdir(), 'mw-cluster-auth-'));
}, 60_000);
afterAll(async () => {
  for (const c of children) c.kill();
  await nats?.stop();
  await rm(dir, { recursive: true, force: true });
});

const start = (id: string, env: Record<string, string>) => {
  const child = spawnRuntime(
    ['start', '--no-demo', '--port', '0', '--data-dir', join(dir, id), '--cluster', nats.urls[0]!, '--cluster-id', id],
    env,
  );
  children.push(child);
  return child;
};

describe('cluster connection credentials', () => {
  it('joins with the user and password from the environment, and not without them', { timeout: 90_000 }, async () => {
    const good = start('rt-good', { MILLWRIGHT_CLUSTER_USER: 'mw', MILLWRIGHT_CLUSTER_PASSWORD: 'n4ts-secret' });
    const bad = start('rt-bad', {});
    await waitFor(
      () => good.lines().some((l) => l['msg'] === 'cluster: joined'),
      `rt-good to join:\n${good.output()}`,
      40_000,
    );
    await waitFor(
      () => bad.lines().some((l) => String(l['msg']).startsWith('cluster: NATS unreachable')),
      `rt-bad to report NATS unreachable:\n${bad.output()}`,
      40_000,
    );
    // The refused runtime still serves (its API and /healthz answer), and the password is in no log line.
    const url = String(bad.lines().find((l) => l['msg'] === 'runtime listening')?.['url']);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(good.output() + bad.output()).not.toContain('n4ts-secret');
  });

  it('joins a NATS that knows it by its nkey, with the seed read from a file', { timeout: 90_000 }, async () => {
    const user = nkeys.createUser();
    const seedFile = join(dir, 'runtime.nk');
    await writeFile(seedFile, new TextDecoder().decode(user.getSeed()), { mode: 0o600 });
    const nkeyNats = await startNatsCluster(1, { nkeys: [user.getPublicKey()] });
    try {
      const withKey = spawnRuntime(
        ['start', '--no-demo', '--port', '0', '--data-dir', join(dir, 'rt-nkey'), '--cluster', nkeyNats.urls[0]!],
        { MILLWRIGHT_CLUSTER_NKEY: seedFile },
      );
      const without = spawnRuntime(
        ['start', '--no-demo', '--port', '0', '--data-dir', join(dir, 'rt-nokey'), '--cluster', nkeyNats.urls[0]!],
        {},
      );
      children.push(withKey, without);
      await waitFor(
        () => withKey.lines().some((l) => l['msg'] === 'cluster: joined'),
        `the runtime with the nkey to join:\n${withKey.output()}`,
        40_000,
      );
      await waitFor(
        () => without.lines().some((l) => String(l['msg']).startsWith('cluster: NATS unreachable')),
        `the runtime without it to be refused:\n${without.output()}`,
        40_000,
      );
      expect(withKey.output()).not.toContain(new TextDecoder().decode(user.getSeed()));
    } finally {
      await nkeyNats.stop();
    }
  });
});
