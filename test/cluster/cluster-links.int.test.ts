import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Flow } from '@millwright/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNatsCluster, type NatsCluster } from '../../runtime/src/testing/nats-cluster.js';
import { waitFor, type RuntimeChild } from '../integration/runtime-child.js';
import { startClusterRuntime } from './cluster-runtime.js';

// Issue 14, durable messages between runtimes: flow "src" runs on the runtime labelled role=src and
// links to flow "dst", placed once among the runtimes labelled role=dst, which posts each message
// to an HTTP sink. The link goes through a JetStream work-queue stream. Mid-stream the runtime
// running dst is SIGKILLed: the other takes dst over and every message still arrives.
const COUNT = 300;
let nats: NatsCluster;
let dir: string;
let sink: Server;
let sinkUrl: string;
const got: Array<{ n: number; rt: string }> = [];
const runtimes = new Map<string, RuntimeChild>();

beforeAll(async () => {
  nats = await startNatsCluster(3);
  dir = await mkdtemp(join(tmpdir(), 'mw-cluster-links-'));
  sink = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      got.push(JSON.parse(body) as { n: number; rt: string });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
  sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/`;
}, 60_000);

afterAll(async () => {
  for (const c of runtimes.values()) c.kill();
  await nats?.stop();
  await new Promise((r) => sink?.close(r));
  await rm(dir, { recursive: true, force: true });
});

async function start(id: string, role: string): Promise<string> {
  const rt = await startClusterRuntime(id, { servers: nats.urls, dir, name: 'links', labels: `role=${role}` });
  runtimes.set(id, rt.child);
  return rt.url;
}

const at = (i: number) => ({ typeVersion: 1, position: { x: i * 150, y: 0 } });
const flows = (): Flow[] => [
  {
    version: 1,
    id: 'src',
    name: 'src',
    placement: { mode: 'once', labels: { role: 'src' } },
    nodes: [
      { id: 'src-tick', type: 'inject', ...at(0), config: { repeat: 'interval', intervalMs: 20, once: true } },
      {
        id: 'src-number',
        type: 'function',
        ...at(1),
        config: {
          code: `const n = (context.get('n') || 0) + 1;\nif (n > ${COUNT}) return null;\ncontext.set('n', n);\nreturn { payload: { n } };`,
        },
      },
      { id: 'src-link', type: 'link-out', ...at(2), config: { links: ['dst-in'] } },
    ],
    wires: [
      { from: { node: 'src-tick', port: 0 }, to: { node: 'src-number', port: 0 } },
      { from: { node: 'src-number', port: 0 }, to: { node: 'src-link', port: 0 } },
    ],
  },
  {
    version: 1,
    id: 'dst',
    name: 'dst',
    placement: { mode: 'once', labels: { role: 'dst' } },
    nodes: [
      { id: 'dst-in', type: 'link-in', ...at(0), config: {} },
      {
        id: 'dst-who',
        type: 'function',
        ...at(1),
        config: { code: "msg.payload = { n: msg.payload.n, rt: env.get('RT') };\nreturn msg;" },
      },
      {
        id: 'dst-post',
        type: 'http-request',
        ...at(2),
        config: { method: 'POST', url: sinkUrl, storeAndForward: 'off' },
      },
    ],
    wires: [
      { from: { node: 'dst-in', port: 0 }, to: { node: 'dst-who', port: 0 } },
      { from: { node: 'dst-who', port: 0 }, to: { node: 'dst-post', port: 0 } },
    ],
  },
];

describe('links between runtimes through JetStream', () => {
  it(
    'delivers every link message across runtimes, through a SIGKILL of the target runtime',
    { timeout: 120_000 },
    async () => {
      const srcUrl = await start('rt-src', 'src');
      await start('rt-d1', 'dst');
      await start('rt-d2', 'dst');
      const r = await fetch(`${srcUrl}/api/flows`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ flows: flows() }),
      });
      expect(r.status, await r.text()).toBe(200);
      await waitFor(() => got.length >= 80, '80 messages at the sink', 40_000);
      const holder = got.at(-1)!.rt;
      const killedAt = got.length;
      runtimes.get(holder)!.kill();
      runtimes.delete(holder);
      await waitFor(() => new Set(got.map((g) => g.n)).size === COUNT, 'every message at the sink', 60_000).catch(
        () => undefined,
      );
      const seen = new Set(got.map((g) => g.n));
      const lost = Array.from({ length: COUNT }, (_, i) => i + 1).filter((n) => !seen.has(n));
      const after = new Set(got.slice(killedAt).map((g) => g.rt));
      console.log(
        `cluster links: ${COUNT} sent from rt-src, ${lost.length} lost, ${got.length - seen.size} duplicates; ${holder} killed after ${killedAt}, then ${[...after].join(', ')}`,
      );
      expect(lost.slice(0, 20)).toEqual([]);
      expect(after.has(holder)).toBe(false);
    },
  );
});
