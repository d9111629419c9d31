import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForPort } from '@millwright/sdk';

/** Debian's nats-server (2.9, JetStream built in); `.ci/apt-packages` installs it. */
export const NATS_SERVER = '/usr/sbin/nats-server';

/** A NATS cluster with JetStream on loopback ports, for tests and benchmarks. */
export interface NatsCluster {
  /** Client URLs, one per server. */
  readonly urls: string[];
  /** SIGKILLs server `i` (its store stays, as after a power cut). */
  kill(i: number): Promise<void>;
  /** Starts server `i` again on the same ports and store. */
  start(i: number): Promise<void>;
  /** Stops every server and deletes the stores. */
  stop(): Promise<void>;
}

/**
 * Starts `size` nats-server processes forming one cluster (`size` 1: a single server), each with
 * JetStream in a temp store, client and route ports on 127.0.0.1. Route errors while the peers
 * start are normal. Call `stop()` in afterAll.
 */
export async function startNatsCluster(
  size = 3,
  /** `auth`: one user with a password; `nkeys`: users known by their nkey public keys (`U...`). */
  options: { auth?: { user: string; password: string }; nkeys?: string[] } = {},
): Promise<NatsCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'mw-nats-'));
  const ports = await Promise.all(Array.from({ length: size }, () => freePort()));
  const routes = await Promise.all(Array.from({ length: size }, () => freePort()));
  const procs: Array<ChildProcess | null> = Array.from({ length: size }, () => null);
  const confs: string[] = [];
  for (let i = 0; i < size; i++) {
    const conf = join(dir, `n${i}.conf`);
    const lines = [
      `server_name: n${i}`,
      `listen: 127.0.0.1:${ports[i]}`,
      `jetstream { store_dir: "${join(dir, `store-${i}`)}" }`,
      ...(options.auth ? [`authorization { user: "${options.auth.user}", password: "${options.auth.password}" }`] : []),
      ...(options.nkeys
        ? [`authorization { users: [ ${options.nkeys.map((k) => `{ nkey: "${k}" }`).join(', ')} ] }`]
        : []),
    ];
    if (size > 1)
      lines.push(
        `cluster { name: mw-test, listen: 127.0.0.1:${routes[i]}, routes: [${routes
          .map((p) => `nats-route://127.0.0.1:${p}`)
          .join(', ')}] }`,
      );
    await writeFile(conf, lines.join('\n') + '\n');
    confs.push(conf);
  }
  const start = async (i: number): Promise<void> => {
    const proc = spawn(NATS_SERVER, ['-c', confs[i]!], { stdio: ['ignore', 'ignore', 'ignore'] });
    procs[i] = proc;
    await waitForPort(ports[i]!, 10_000);
  };
  const kill = async (i: number): Promise<void> => {
    const proc = procs[i];
    procs[i] = null;
    if (!proc || proc.exitCode !== null) return;
    const gone = new Promise<void>((r) => proc.once('exit', () => r()));
    proc.kill('SIGKILL');
    await gone;
  };
  try {
    await Promise.all(confs.map((_c, i) => start(i)));
  } catch (err) {
    await Promise.all(procs.map((_p, i) => kill(i)));
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    urls: ports.map((p) => `nats://127.0.0.1:${p}`),
    kill,
    start,
    async stop() {
      await Promise.all(procs.map((_p, i) => kill(i)));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
