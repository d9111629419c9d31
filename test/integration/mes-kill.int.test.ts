import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contextFileOf } from '@millwright/sdk';
import { freePort } from '@millwright/sim-plc';
import { afterAll, describe, expect, it } from 'vitest';
import type { OeeRecord } from '../../nodes/mes/lib/oee/tracker.js';
import type { ChartHistory } from '../../nodes/mes/quality-check/spc-entry.js';
import { spawnRuntime, waitFor, type RuntimeChild } from './runtime-child.js';

/**
 * oee, quality-check and inventory-movement in a runtime process whose flow keeps its context in a
 * file (`flushIntervalMs: 0`), fed over http-in with production times. The runtime is killed with
 * SIGKILL mid-shift and started again on the same data dir: the shift's counts, the SPC history and
 * the lot balances continue from where they were.
 */
const FLOW_ID = 'mes-kill';
const now = Date.now();
const T0 = now - 10 * 60_000; // production times from 10 minutes ago, 1 s apart
// One 24 h shift starting 12 h from now, so the whole test lies in its middle.
const startHour = `${String((new Date(now).getUTCHours() + 12) % 24).padStart(2, '0')}:00`;

const node = (id: string, type: string, config: Record<string, unknown>, x: number) => ({
  id,
  type,
  typeVersion: 1,
  name: id,
  config,
  position: { x, y: 100 },
});
const wire = (from: string, to: string) => ({ from: { node: from, port: 0 }, to: { node: to, port: 0 } });
const FLOW = {
  version: 1,
  id: FLOW_ID,
  name: 'MES across a kill',
  context: { store: 'file', flushIntervalMs: 0 },
  nodes: [
    node('in-oee', 'http-in', { method: 'POST', path: '/oee' }, 100),
    node('in-spc', 'http-in', { method: 'POST', path: '/spc' }, 100),
    node('in-inv', 'http-in', { method: 'POST', path: '/inv' }, 100),
    node('ok', 'http-response', { statusCode: 202 }, 500),
    node(
      'oee',
      'oee',
      {
        shifts: [{ name: 'day', start: startHour, end: startHour }],
        countMode: 'cumulative',
        totalProperty: '',
        idealCycleTimeMs: 1_000,
        emitOn: 'update',
        timeProperty: 'payload.ts',
      },
      300,
    ),
    node(
      'spc',
      'quality-check',
      {
        characteristics: [{ name: 'diameter', property: 'payload.d', lsl: 9, usl: 11 }],
        minPoints: 10,
        timeProperty: 'payload.ts',
      },
      300,
    ),
    node('inv', 'inventory-movement', {}, 300),
  ],
  wires: [
    wire('in-oee', 'ok'),
    wire('in-spc', 'ok'),
    wire('in-inv', 'ok'),
    wire('in-oee', 'oee'),
    wire('in-spc', 'spc'),
    wire('in-inv', 'inv'),
  ],
};

const diameter = (i: number) => 10 + 0.05 * Math.sin(i * 1.3) + 0.01 * (i % 4);

interface Scopes {
  'node:oee'?: { oee?: { current: OeeRecord | null } };
  'node:spc'?: { spc?: Record<string, ChartHistory> };
  'node:inv'?: { inventory?: { lots: Record<string, { onHand: number }> } };
}

let dir: string | undefined;
const runtimes: RuntimeChild[] = [];
afterAll(async () => {
  for (const r of runtimes) r.kill();
  if (dir) await rm(dir, { recursive: true, force: true });
}, 30_000);

describe('MES state across kill -9 of the runtime', () => {
  it('continues the shift OEE, the SPC history and the inventory balances', { timeout: 60_000 }, async () => {
    dir = await mkdtemp(join(tmpdir(), 'mw-mes-kill-'));
    const dataDir = join(dir, 'data');
    const flowFile = join(dir, 'mes-kill.flow.json');
    await writeFile(flowFile, JSON.stringify(FLOW));
    const imported = spawnRuntime(['import', flowFile, '--data-dir', dataDir]);
    expect(await imported.exited, imported.output()).toBe(0);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const start = () => {
      const r = spawnRuntime(['start', '--no-demo', '--port', String(port), '--data-dir', dataDir]);
      runtimes.push(r);
      return r;
    };
    /** POSTs to an http-in node; 503 (the flow still starting, or busy) is retried as the runtime asks. */
    const post = async (path: string, payload: unknown) => {
      for (let tries = 0; ; tries++) {
        const res = await fetch(`${url}/http${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(payload),
        });
        if (res.status === 503 && tries < 100) {
          await new Promise((r) => setTimeout(r, 100));
          continue;
        }
        expect(res.status, await res.text()).toBe(202);
        return;
      }
    };
    const scopes = async (): Promise<Scopes> => {
      try {
        return (JSON.parse(await readFile(contextFileOf(dataDir, FLOW_ID), 'utf8')) as { scopes: Scopes }).scopes;
      } catch {
        return {};
      }
    };
    /** Sends seconds [from, to) of production: a good-count reading and a diameter each second. */
    const produce = async (from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const ts = new Date(T0 + i * 1_000).toISOString();
        await post('/oee', { ...(i === 0 ? { state: 'running' } : {}), good: 1_000 + i, ts });
        await post('/spc', { d: diameter(i), ts });
      }
    };
    const settled = async (good: number, points: number, onHand: number, r: RuntimeChild) =>
      waitFor(
        async () => {
          const s = await scopes();
          return (
            s['node:oee']?.oee?.current?.goodCount === good &&
            s['node:spc']?.spc?.['diameter']?.points.length === points &&
            s['node:inv']?.inventory?.lots['A']?.onHand === onHand
          );
        },
        `good ${good}, ${points} SPC points, lot A ${onHand} in the context file; ${JSON.stringify(await scopes()).slice(0, 500)} ${r.output().slice(-1_500)}`,
        20_000,
      );

    // 1. Half a run of production, a lot made and partly consumed.
    const first = start();
    await waitFor(
      async () => (await fetch(`${url}/healthz`).catch(() => undefined))?.ok === true,
      'the runtime',
      20_000,
    );
    await produce(0, 30);
    await post('/inv', { type: 'production', lot: 'A', quantity: 100, time: new Date(T0).toISOString() });
    await post('/inv', { type: 'consumption', lot: 'A', quantity: 10, time: new Date(T0 + 20_000).toISOString() });
    await settled(29, 30, 90, first);
    const before = await scopes();

    // 2. kill -9, start again on the same data dir, go on.
    first.kill();
    expect(await first.exited).toBe('SIGKILL');
    const second = start();
    await waitFor(
      async () => (await fetch(`${url}/healthz`).catch(() => undefined))?.ok === true,
      'the restart',
      20_000,
    );
    await produce(30, 60);
    await post('/inv', { type: 'consumption', lot: 'A', quantity: 5, time: new Date(T0 + 50_000).toISOString() });
    // 59 parts over the whole run (not 29 from a fresh baseline), 60 points, 85 on hand (not -5).
    await settled(59, 60, 85, second);
    const after = await scopes();
    const oee = after['node:oee']?.oee?.current;
    expect(oee?.window.start).toBe(before['node:oee']?.oee?.current?.window.start);
    expect(oee?.runTime).toBeGreaterThanOrEqual(59_000);
    const points = after['node:spc']?.spc?.['diameter']?.points ?? [];
    // The chart went on: the first 30 points unchanged, limits computed over the whole run.
    expect(points.slice(0, 30)).toEqual(before['node:spc']?.spc?.['diameter']?.points);
    expect(points.map((p) => p.time)).toEqual(points.map((_, i) => new Date(T0 + i * 1_000).toISOString()));
    expect(points.at(-1)?.ucl).not.toBeNull();
    second.child.kill('SIGTERM');
    await second.exited;
  });
});
