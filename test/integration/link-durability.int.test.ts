import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Flow } from '@millwright/model';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../../runtime/src/testing/test-runtime.js';
import { spawnRuntime, waitFor, type RuntimeChild } from './runtime-child.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Issue 13, durable handoff between flows: 1,000 numbered link messages go from flow "src" to
// flow "dst", which posts each to an HTTP server (the outside world that must see every one).
// Mid-stream dst is redeployed, then its process is killed (SIGKILL); in a second test the
// runtime itself is killed. Every number must reach the server, first arrivals in order.
const COUNT = 1_000;

let t: TestRuntime | undefined;
let server: Server | undefined;
const runtimes: RuntimeChild[] = [];
let dir: string | undefined;
afterEach(async () => {
  for (const r of runtimes.splice(0)) r.kill();
  await t?.close();
  t = undefined;
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/**
 * An HTTP server that records the `n` of every POST body once it answers, 100 ms after the request:
 * a request cut by a kill is not recorded, so its message must come again to be counted.
 */
async function sink(): Promise<{ url: string; got: number[] }> {
  const got: number[] = [];
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () =>
      setTimeout(() => {
        if (res.destroyed) return;
        got.push((JSON.parse(body) as { n: number }).n);
        res.writeHead(204).end();
      }, 100),
    );
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, got };
}

/** Process ids whose parent is `ppid`, from /proc. */
function childrenOf(ppid: number): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        // stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after the last ')'.
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === ppid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

const at = (i: number) => ({ typeVersion: 1, position: { x: i * 150, y: 0 } });

/** src: inject every 10 ms -> function numbering 1..COUNT (node context) -> link out to dst. */
function srcFlow(idle = false): Flow {
  return {
    version: 1,
    id: 'src',
    name: 'src',
    nodes: [
      { id: 'src-tick', type: 'inject', ...at(0), config: { repeat: 'interval', intervalMs: 10, once: true } },
      {
        id: 'src-number',
        type: 'function',
        ...at(1),
        config: {
          code: idle
            ? 'return null;'
            : `const n = (context.get('n') || 0) + 1;\nif (n > ${COUNT}) return null;\ncontext.set('n', n);\nreturn { payload: { n } };`,
        },
      },
      { id: 'src-link', type: 'link-out', ...at(2), config: { links: ['dst-in'] } },
    ],
    wires: [
      { from: { node: 'src-tick', port: 0 }, to: { node: 'src-number', port: 0 } },
      { from: { node: 'src-number', port: 0 }, to: { node: 'src-link', port: 0 } },
    ],
  };
}

/** dst: link in -> http-request POST to the sink, without a disk queue (the link journal is under test). */
function dstFlow(url: string, name = 'post'): Flow {
  return {
    version: 1,
    id: 'dst',
    name: 'dst',
    isolation: 'dedicated',
    nodes: [
      { id: 'dst-in', type: 'link-in', ...at(0), config: {} },
      {
        id: 'dst-post',
        type: 'http-request',
        name,
        ...at(1),
        config: { method: 'POST', url, storeAndForward: 'off' },
      },
      // Shows the order in which link messages enter dst (the posts run concurrently).
      { id: 'dst-seen', type: 'debug', ...at(2), config: {} },
    ],
    wires: [
      { from: { node: 'dst-in', port: 0 }, to: { node: 'dst-post', port: 0 } },
      { from: { node: 'dst-in', port: 0 }, to: { node: 'dst-seen', port: 0 } },
    ],
  };
}

/** Lost numbers, duplicates, and whether first arrivals are in order. */
function report(got: number[], count = COUNT): { lost: number[]; duplicates: number; inOrder: boolean } {
  const first: number[] = [];
  const seen = new Set<number>();
  for (const n of got)
    if (!seen.has(n)) {
      seen.add(n);
      first.push(n);
    }
  const lost = Array.from({ length: count }, (_, i) => i + 1).filter((n) => !seen.has(n));
  return { lost, duplicates: got.length - seen.size, inOrder: first.every((n, i) => i === 0 || n > first[i - 1]!) };
}

describe('link messages between flows are durable', () => {
  it(
    'delivers 1,000 link messages through a redeploy and a SIGKILL of the target flow: 0 lost, in order',
    {
      timeout: 90_000,
    },
    async () => {
      const { url, got } = await sink();
      t = await startTestRuntime({
        isolation: 'pool',
        nodeModules: ['@millwright/nodes-core', '@millwright/nodes-enterprise'],
      });
      const deployed = await t.api('POST', '/api/flows', { flows: [srcFlow(), dstFlow(url)] });
      expect(deployed.status, JSON.stringify(deployed.body)).toBe(200);
      await waitFor(() => got.length >= 200, '200 messages at the server', 30_000);
      // Redeploy dst (a changed node restarts the flow) while src keeps sending.
      const redeploy = await t.api('POST', '/api/flows?mode=flows', { flows: [srcFlow(), dstFlow(url, 'post v2')] });
      expect(redeploy.status).toBe(200);
      await waitFor(() => got.length >= 500, '500 messages at the server', 30_000);
      // dst runs in a process of its own ("dedicated"): our child that is not a shared pool host.
      const pooled = new Set(t.runtime.manager.hostProcesses().map((h) => h.pid));
      const dedicated = childrenOf(process.pid).filter((pid) => !pooled.has(pid));
      expect(dedicated).toHaveLength(1);
      process.kill(dedicated[0]!, 'SIGKILL');
      await waitFor(() => report(got).lost.length === 0, 'every message at the server', 40_000).catch(() => undefined);
      const r = report(got);
      // Order of entry into dst, first arrivals (a message given again after the kill comes twice).
      const entered = t.events.flatMap((e) =>
        e.type === 'debug' && e.nodeId === 'dst-seen' ? [(e.value as { n: number }).n] : [],
      );
      r.inOrder = report(entered, 0).inOrder;
      console.log(
        `link durability, redeploy + SIGKILL of dst: ${COUNT} sent, ${r.lost.length} lost, ${r.duplicates} duplicates, in order: ${r.inOrder}`,
      );
      expect(r.lost.slice(0, 20)).toEqual([]);
      expect(r.inOrder).toBe(true);
    },
  );

  it(
    'keeps link messages journaled through a SIGKILL of the runtime: no gap, in order',
    { timeout: 120_000 },
    async () => {
      const { url, got } = await sink();
      dir = await mkdtemp(join(tmpdir(), 'mw-links-'));
      const srcFile = join(dir, 'src.flow.json');
      const dstFile = join(dir, 'dst.flow.json');
      await writeFile(dstFile, JSON.stringify(dstFlow(url)));
      const run = async (idle: boolean) => {
        await writeFile(srcFile, JSON.stringify(srcFlow(idle)));
        const r = spawnRuntime(['run', srcFile, dstFile, '--data-dir', join(dir!, 'data')]);
        runtimes.push(r);
        return r;
      };
      const first = await run(false);
      await waitFor(() => got.length >= 400, `400 messages at the server; runtime output:\n${first.output()}`, 40_000);
      first.kill();
      expect(await first.exited).toBe('SIGKILL');
      const beforeRestart = Math.max(...got);
      // The source stays quiet after the restart: what arrives now comes out of dst's link journal.
      const second = await run(true);
      await waitFor(() => Math.max(...got) > beforeRestart, 'journaled messages after the restart', 30_000);
      await new Promise((r) => setTimeout(r, 3_000));
      const highest = Math.max(...got);
      const r = report(got, highest);
      console.log(
        `link durability, runtime SIGKILL: ${highest} sent, ${highest - beforeRestart} delivered from the journal after the restart, ` +
          `${r.lost.length} lost, ${r.duplicates} duplicates, in order: ${r.inOrder}`,
      );
      expect(r.lost.slice(0, 20), second.output().slice(-2_000)).toEqual([]);
      expect(r.inOrder).toBe(true);
    },
  );
});
