import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Flow } from '@millwright/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNatsCluster, type NatsCluster } from '../../runtime/src/testing/nats-cluster.js';
import { waitFor, type RuntimeChild } from '../integration/runtime-child.js';
import { callApi, startClusterRuntime } from './cluster-runtime.js';

// Issue 14: runtimes as separate processes, joined through a 3-node NATS JetStream cluster
// (Debian's nats-server), on loopback ports.
let nats: NatsCluster;
let dir: string;
let sink: Server;
let sinkUrl: string;
/** Posts the `once` flow made: which runtime, when. */
const posts: Array<{ rt: string; at: number; n: number }> = [];
/** Posts of the flow that uses a credential: which runtime, with which Authorization header. */
const securePosts: Array<{ rt: string; auth: string | undefined }> = [];
/** One credential key for every runtime: the cluster shares credentials sealed with it. */
const CREDENTIAL_KEY = Buffer.alloc(32, 7).toString('base64');
const runtimes = new Map<string, { child: RuntimeChild; url: string }>();

beforeAll(async () => {
  nats = await startNatsCluster(3);
  dir = await mkdtemp(join(tmpdir(), 'mw-cluster-'));
  sink = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const { rt, n } = JSON.parse(body) as { rt: string; n: number };
      if (req.url === '/secure') securePosts.push({ rt, auth: req.headers.authorization });
      else posts.push({ rt, at: Date.now(), n });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
  sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/`;
}, 60_000);

afterAll(async () => {
  for (const { child } of runtimes.values()) child.kill();
  await nats?.stop();
  await new Promise((r) => sink?.close(r));
  await rm(dir, { recursive: true, force: true });
});

/** Starts runtime `id` in the cluster (its own data dir) and waits until it has joined. */
async function start(id: string, labels = 'line=1'): Promise<{ child: RuntimeChild; url: string }> {
  const r = await startClusterRuntime(id, {
    servers: nats.urls,
    dir,
    labels,
    env: { MILLWRIGHT_CREDENTIAL_KEY: CREDENTIAL_KEY },
  });
  runtimes.set(id, r);
  return r;
}

/** A JSON answer with the fields the tests read (absent ones undefined). */
interface Answer {
  revision?: string;
  flows?: Array<{ flowId: string; state: string }>;
  runtimes?: Array<{ id: string }>;
  placement?: Array<{ flowId: string; holder?: string }>;
}

/** The answer as an object ({} for a text answer). */
const obj = (b: Answer | string): Answer => (typeof b === 'string' ? {} : b);

/** The runtimes' API, with the answer parsed when it is JSON (cluster-runtime.ts). */
const api = (url: string, method: string, path: string, body?: unknown) => callApi<Answer>(url, method, path, body);

const at = (i: number) => ({ typeVersion: 1, position: { x: i * 150, y: 0 } });

/**
 * Placed once: every 100 ms, POST `{ rt, n }` to the sink: the runtime it runs on, and a count kept
 * in its flow context (on disk, replicated through the cluster, so a takeover continues it).
 */
function tickerFlow(): Flow {
  return {
    version: 1,
    id: 'ticker',
    name: 'ticker',
    placement: { mode: 'once', labels: { line: '1' } },
    context: { store: 'file', flushIntervalMs: 0 },
    nodes: [
      { id: 'tick', type: 'inject', ...at(0), config: { repeat: 'interval', intervalMs: 100, once: true } },
      {
        id: 'who',
        type: 'function',
        ...at(1),
        config: {
          code: "const n = (flow.get('n') || 0) + 1;\nflow.set('n', n);\nreturn { payload: { rt: env.get('RT'), n } };",
        },
      },
      { id: 'post', type: 'http-request', ...at(2), config: { method: 'POST', url: sinkUrl, storeAndForward: 'off' } },
    ],
    wires: [
      { from: { node: 'tick', port: 0 }, to: { node: 'who', port: 0 } },
      { from: { node: 'who', port: 0 }, to: { node: 'post', port: 0 } },
    ],
  };
}

/** Placed on every runtime: once at start, POST `{ rt }` with a bearer token from the node's credentials. */
function securedFlow(): Flow {
  return {
    version: 1,
    id: 'secured',
    name: 'secured',
    placement: { mode: 'all' },
    nodes: [
      { id: 'sec-tick', type: 'inject', ...at(0), config: { once: true } },
      { id: 'sec-who', type: 'function', ...at(1), config: { code: "return { payload: { rt: env.get('RT') } };" } },
      {
        id: 'sec-post',
        type: 'http-request',
        ...at(2),
        config: { method: 'POST', url: `${sinkUrl}secure`, auth: 'bearer', storeAndForward: 'off' },
      },
    ],
    wires: [
      { from: { node: 'sec-tick', port: 0 }, to: { node: 'sec-who', port: 0 } },
      { from: { node: 'sec-who', port: 0 }, to: { node: 'sec-post', port: 0 } },
    ],
  };
}

/** Placed on every runtime: GET /http/who answers the runtime's id. */
function apiFlow(tag = 'v1'): Flow {
  return {
    version: 1,
    id: 'who-api',
    name: `who api ${tag}`,
    placement: { mode: 'all' },
    nodes: [
      { id: 'who-in', type: 'http-in', ...at(0), config: { method: 'GET', path: '/who' } },
      { id: 'who-fn', type: 'function', ...at(1), config: { code: "msg.payload = env.get('RT'); return msg;" } },
      { id: 'who-out', type: 'http-response', ...at(2), config: {} },
    ],
    wires: [
      { from: { node: 'who-in', port: 0 }, to: { node: 'who-fn', port: 0 } },
      { from: { node: 'who-fn', port: 0 }, to: { node: 'who-out', port: 0 } },
    ],
  };
}

const flowState = async (url: string, flowId: string): Promise<string | undefined> => {
  const h = await api(url, 'GET', '/healthz').catch(() => undefined);
  return (h ? obj(h.body).flows : undefined)?.find((f) => f.flowId === flowId)?.state;
};

/** The runtime the `once` flow posts from now (the last post within 500 ms). */
const currentHolder = (): string | undefined => {
  const last = posts.at(-1);
  return last && Date.now() - last.at < 500 ? last.rt : undefined;
};

describe('cluster of runtimes on NATS JetStream', () => {
  it('a deploy on runtime A runs on runtime B within 1 s', { timeout: 120_000 }, async () => {
    const [a, b] = [await start('rt-a'), await start('rt-b')];
    await start('rt-c');
    const times: number[] = [];
    for (const tag of ['v1', 'v2', 'v3']) {
      const t0 = Date.now();
      const r = await api(a.url, 'POST', '/api/flows', { flows: [apiFlow(tag), tickerFlow()] });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      await waitFor(
        async () =>
          (await api(b.url, 'GET', '/http/who').catch(() => ({ status: 0 }))).status === 200 &&
          (await flowState(b.url, 'who-api')) === 'running' &&
          obj((await api(b.url, 'GET', '/api/cluster')).body).revision === obj(r.body).revision,
        `the deploy to run on B (${tag}); B's output:\n${b.child.output().slice(-6_000)}`,
        10_000,
      );
      times.push(Date.now() - t0);
    }
    times.sort((x, y) => x - y);
    console.log(`cluster: deploy on A running on B after ${times.join(', ')} ms (median ${times[1]} ms)`);
    expect(times[1]).toBeLessThan(1_000);
    // Every runtime answers the scale-out API with its own id (503 flow_not_running while a runtime
    // still restarts the flow for the last deploy).
    for (const id of ['rt-a', 'rt-b', 'rt-c'])
      await waitFor(
        async () => (await api(runtimes.get(id)!.url, 'GET', '/http/who')).body === id,
        `${id} to answer /http/who`,
        5_000,
      );
    // The fleet view lists the three, and the `once` flow has exactly one holder.
    // (heartbeats: each runtime's first lands within a second of its join)
    let view: Answer = {};
    await waitFor(
      async () => (view = obj((await api(a.url, 'GET', '/api/cluster')).body)).runtimes?.length === 3,
      'the fleet view to list three runtimes',
      10_000,
    );
    expect(view.runtimes?.map((r) => r.id)).toEqual(['rt-a', 'rt-b', 'rt-c']);
    expect(view.placement?.find((p) => p.flowId === 'ticker')?.holder).toMatch(/^rt-[abc]$/);
  });

  it(
    'runs a `once` flow on one runtime only, and another takes it over within 5 s of a SIGKILL',
    {
      timeout: 240_000,
    },
    async () => {
      await waitFor(() => currentHolder() !== undefined, 'the once flow to post', 20_000);
      const failovers: number[] = [];
      const contextGaps: number[] = [];
      for (let run = 0; run < 5; run++) {
        const holder = currentHolder()!;
        const { child } = runtimes.get(holder)!;
        const killedAt = Date.now();
        child.kill();
        await child.exited;
        runtimes.delete(holder);
        await waitFor(
          () => posts.some((p) => p.at > killedAt && p.rt !== holder),
          `another runtime to take the flow over from ${holder}`,
          15_000,
        );
        const next = posts.find((p) => p.at > killedAt && p.rt !== holder)!;
        failovers.push(next.at - killedAt);
        // The new holder continues the count from the replicated context (a few steps back at most:
        // what changed after the dead holder's last replication, 1 s, is counted again).
        const lastBefore = Math.max(...posts.filter((p) => p.at <= killedAt).map((p) => p.n));
        contextGaps.push(lastBefore - next.n);
        expect(next.n).toBeGreaterThan(lastBefore - 20);
        await start(holder); // back for the next round, as a challenger
      }
      // Never two at a time: between two posts of different runtimes there is no post of the first again.
      const switches = posts.map((p) => p.rt).filter((rt, i, all) => i === 0 || all[i - 1] !== rt);
      const sorted = [...failovers].sort((x, y) => x - y);
      console.log(
        `cluster: failover of the once flow after SIGKILL: ${failovers.join(', ')} ms (median ${sorted[2]} ms, max ${sorted[4]} ms); holders in turn: ${switches.join(' > ')}; counts replayed after each takeover: ${contextGaps.join(', ')}`,
      );
      expect(sorted[4]).toBeLessThan(5_000);
      expect(switches.length).toBe(6);
    },
  );

  it(
    'spreads requests to a scale-out http-in flow over every runtime, and keeps answering when one is killed',
    { timeout: 120_000 },
    async () => {
      const [first] = [...runtimes.values()];
      const r = await api(first!.url, 'POST', '/api/flows', { flows: [apiFlow('spread'), tickerFlow()] });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      for (const [id, { url }] of runtimes)
        await waitFor(async () => (await api(url, 'GET', '/http/who')).body === id, `${id} to answer`, 10_000);
      // A round-robin balancer in front of the runtimes, as a plant would run one: a runtime that
      // refuses the connection is taken out and the request goes to the next.
      const pool = [...runtimes.entries()].map(([id, { url }]) => ({ id, url, up: true }));
      let next = 0;
      const answeredBy = new Map<string, number>();
      let failed = 0;
      const ask = async (): Promise<void> => {
        for (let tries = 0; tries < pool.length; tries++) {
          const target = pool[next++ % pool.length]!;
          if (!target.up) continue;
          try {
            const res = await api(target.url, 'GET', '/http/who');
            if (res.status === 200) {
              answeredBy.set(String(res.body), (answeredBy.get(String(res.body)) ?? 0) + 1);
              return;
            }
          } catch {
            target.up = false; // connection refused: the runtime is gone
          }
        }
        failed++;
      };
      const victim = pool[0]!;
      const t0 = Date.now();
      let killed = false;
      let beforeKill = 0;
      while (Date.now() - t0 < 4_000) {
        await Promise.all([ask(), ask(), ask()]);
        if (!killed && Date.now() - t0 > 1_500) {
          beforeKill = [...answeredBy.values()].reduce((a, b) => a + b, 0);
          runtimes.get(victim.id)!.child.kill();
          await runtimes.get(victim.id)!.child.exited;
          runtimes.delete(victim.id);
          killed = true;
        }
      }
      const total = [...answeredBy.values()].reduce((a, b) => a + b, 0);
      console.log(
        `cluster: scale-out http-in: ${total} requests answered (${[...answeredBy].map(([id, n]) => `${id} ${n}`).join(', ')}), ${failed} failed; ${victim.id} killed after ${beforeKill}`,
      );
      expect(failed).toBe(0);
      expect(new Set(answeredBy.keys())).toEqual(new Set(pool.map((p) => p.id)));
      expect(total - beforeKill).toBeGreaterThan(20); // the others went on answering
      await start(victim.id);
    },
  );

  it('keeps working when one NATS node of three dies', { timeout: 120_000 }, async () => {
    const killedAt = Date.now();
    await nats.kill(0);
    const [first] = [...runtimes.values()];
    const r = await api(first!.url, 'POST', '/api/flows', { flows: [apiFlow('after-nats-kill'), tickerFlow()] });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    // The fleet view answers while NATS elects new leaders (it waits at most 2 s for each read).
    let slowestView = 0;
    for (const { url } of runtimes.values())
      await waitFor(
        async () => {
          const t = Date.now();
          const view = obj((await api(url, 'GET', '/api/cluster')).body);
          slowestView = Math.max(slowestView, Date.now() - t);
          return view.revision === obj(r.body).revision;
        },
        'every runtime to follow the deploy',
        10_000,
      );
    // The `once` flow goes on: if its holder lost its lease while its client moved to another
    // server (renewals failing for 1.8 s fence it), another runtime takes over; the pause is bounded.
    await waitFor(() => posts.filter((p) => p.at > killedAt).length > 20, 'the once flow to go on posting', 15_000);
    const around = posts.filter((p) => p.at > killedAt - 1_000);
    const pause = Math.max(...around.slice(1).map((p, i) => p.at - around[i]!.at));
    console.log(
      `cluster: one NATS server of three killed: the once flow's longest pause ${pause} ms, slowest fleet view ${slowestView} ms`,
    );
    expect(pause).toBeLessThan(6_000);
    expect(slowestView).toBeLessThan(4_000);
    await nats.start(0);
  });

  it(
    'shares node credentials sealed with the common key: every runtime runs the flow with them',
    {
      timeout: 60_000,
    },
    async () => {
      const [first] = [...runtimes.values()];
      const r = await api(first!.url, 'POST', '/api/flows', {
        flows: [apiFlow('secured'), tickerFlow(), securedFlow()],
        credentials: { 'sec-post': { token: 'tok-cluster' } },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      await waitFor(
        () => new Set(securePosts.map((p) => p.rt)).size === runtimes.size,
        'a secured post from every runtime',
        20_000,
      );
      expect(new Set(securePosts.map((p) => p.auth))).toEqual(new Set(['Bearer tok-cluster']));
      // Never in clear in NATS: the deployment holds the sealed entry only.
      const view = JSON.stringify(await api(first!.url, 'GET', '/api/flows'));
      expect(view).not.toContain('tok-cluster');
    },
  );
});
