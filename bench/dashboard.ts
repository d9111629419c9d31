/**
 * `npm run bench:dashboard`: one dashboard page of 50 widgets, each updated at 10 Hz, with 20
 * connected clients (19 websocket clients subscribed as the page subscribes, and the page itself
 * in Chromium). Prints the runtime's CPU and memory (its process tree: main process and flow hosts)
 * without clients and with them, the cost per client, what each client receives, and the page's
 * frame time (p50/p95/p99 of requestAnimationFrame intervals) and main-thread busy share.
 *
 *   --seconds N   measured time per phase (default 10)
 *   --clients N   connected clients in total, the page included (default 20)
 *
 * Needs a build (`node scripts/build.mjs`): the runtime runs from dist and serves the built app.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { DashboardPageResponse, Flow, FlowNode } from '@millwright/model';
import { chromium } from '@playwright/test';
import WebSocket from 'ws';
import { CHROMIUM } from '../playwright.config.js';
import { freePort } from './lib/free-port.js';
import { processTree, treeRssMb } from './lib/process-tree.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values: opts } = parseArgs({
  options: { seconds: { type: 'string', default: '10' }, clients: { type: 'string', default: '20' } },
});
const SECONDS = Number(opts.seconds);
const CLIENTS = Number(opts.clients);
const WIDGETS = 50;
const HZ = 10;

/** 50 widgets (25 value tiles, 15 gauges, 10 time charts), each fed by its own 10 Hz inject. */
function benchFlow(): Flow {
  const nodes: FlowNode[] = [];
  const wires: Flow['wires'] = [];
  const at = (i: number, x: number) => ({ x, y: 40 * i });
  for (let i = 0; i < WIDGETS; i++) {
    const type = i < 25 ? 'ui-value' : i < 40 ? 'ui-gauge' : 'ui-chart';
    nodes.push(
      {
        id: `tick-${i}`,
        type: 'inject',
        typeVersion: 1,
        config: { repeat: 'interval', intervalMs: 1000 / HZ, payloadType: 'timestamp' },
        position: at(i, 0),
      },
      {
        id: `w-${i}`,
        type,
        typeVersion: 1,
        name: `${type} ${i}`,
        // A value that moves: the timestamp's last digits.
        config: { page: 'bench-page', property: 'payload', order: i, ...(type === 'ui-gauge' ? { max: 100_000 } : {}) },
        position: at(i, 300),
      },
    );
    wires.push({ from: { node: `tick-${i}`, port: 0 }, to: { node: `w-${i}`, port: 0 } });
  }
  return {
    version: 1,
    id: 'bench-dashboard',
    name: 'bench dashboard',
    configs: [
      {
        id: 'bench-page',
        type: 'ui-page',
        typeVersion: 1,
        config: { path: 'bench', title: 'Bench: 50 widgets at 10 Hz' },
      },
    ],
    nodes,
    wires,
  };
}

/** CPU seconds (user + system) of a process tree so far. */
function treeCpuSeconds(pid: number): number {
  const tick = 100; // USER_HZ on Linux
  let sum = 0;
  for (const p of processTree(pid)) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      sum += (Number(fields[11]) + Number(fields[12])) / tick;
    } catch {
      // exited meanwhile
    }
  }
  return sum;
}

async function measureCpu(pid: number, seconds: number): Promise<{ cpuPercent: number; rssMb: number }> {
  const c0 = treeCpuSeconds(pid);
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const cpu = treeCpuSeconds(pid) - c0;
  return { cpuPercent: (cpu / ((performance.now() - t0) / 1000)) * 100, rssMb: treeRssMb(pid) };
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;

async function main(): Promise<void> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'mw-bench-dash-'));
  const child = spawn(
    process.execPath,
    [join(ROOT, 'runtime/bin/millwright.js'), 'start', '--port', String(port), '--data-dir', dataDir, '--no-demo'],
    { cwd: ROOT, env: { ...process.env, MILLWRIGHT_TOKEN: '', NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const url = `http://127.0.0.1:${port}`;
  const sockets: WebSocket[] = [];
  const browser = await chromium.launch(CHROMIUM);
  try {
    await waitFor(async () => (await fetch(`${url}/healthz`)).ok, 30_000);
    const deploy = await fetch(`${url}/api/flows`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ flows: [benchFlow()], mode: 'full' }),
    });
    if (!deploy.ok) throw new Error(`deploy failed: ${deploy.status} ${await deploy.text()}`);
    const page = (await (await fetch(`${url}/api/dashboard/pages/bench`)).json()) as DashboardPageResponse;
    const pid = child.pid ?? 0;
    await new Promise((r) => setTimeout(r, 3_000)); // flows started, widgets publishing

    const idle = await measureCpu(pid, Math.min(SECONDS, 5));

    // 19 websocket clients subscribed as the page is, counting the chart events they get.
    let received = 0;
    for (let i = 0; i < CLIENTS - 1; i++) {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/api/events`);
      ws.on('open', () =>
        ws.send(JSON.stringify({ subscribe: ['chart', 'deploy'], nodes: Object.keys(page.history) })),
      );
      ws.on('message', (data: Buffer) => {
        const frame = JSON.parse(data.toString()) as Array<{ type: string }>;
        received += frame.filter((e) => e.type === 'chart').length;
      });
      sockets.push(ws);
    }
    const tab = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await tab.goto(`${url}/dashboard/bench?kiosk=1`);
    await tab.getByTestId('dashboard').and(tab.locator('[data-live="true"]')).waitFor();
    const cdp = await tab.context().newCDPSession(tab);
    await cdp.send('Performance.enable');
    await new Promise((r) => setTimeout(r, 2_000));

    const busy0 = await mainThreadSeconds(cdp);
    // A string, not a function: tsx would add helpers the page does not have.
    await tab.evaluate(`(() => {
      window.frames_ = [];
      let last = performance.now();
      const step = (t) => { window.frames_.push(t - last); last = t; requestAnimationFrame(step); };
      requestAnimationFrame(step);
    })()`);
    received = 0;
    const loaded = await measureCpu(pid, SECONDS);
    const perClientEventsPerSecond = received / (CLIENTS - 1) / SECONDS;
    const frames = ((await tab.evaluate('window.frames_')) as number[]).slice(1);
    const busy1 = await mainThreadSeconds(cdp);
    const share = (k: keyof typeof busy1) => (((busy1[k] - busy0[k]) / SECONDS) * 100).toFixed(1);
    const sorted = [...frames].sort((a, b) => a - b);
    const rows: Array<[string, string]> = [
      ['widgets × rate', `${WIDGETS} × ${HZ} Hz (${WIDGETS * HZ} updates/s)`],
      ['clients', `${CLIENTS} (${CLIENTS - 1} websocket + 1 Chromium page)`],
      ['runtime CPU, no clients', `${idle.cpuPercent.toFixed(1)} % of one core`],
      ['runtime CPU, with clients', `${loaded.cpuPercent.toFixed(1)} % of one core`],
      ['runtime CPU per client', `${((loaded.cpuPercent - idle.cpuPercent) / CLIENTS).toFixed(2)} % of one core`],
      ['runtime processes (main + flow hosts)', String(processTree(pid).length)],
      ['runtime RSS (tree), no clients', `${idle.rssMb.toFixed(0)} MB`],
      ['runtime RSS (tree), with clients', `${loaded.rssMb.toFixed(0)} MB`],
      ['chart events per client', `${perClientEventsPerSecond.toFixed(0)} /s`],
      ['page frames', `${frames.length} in ${SECONDS} s (${(frames.length / SECONDS).toFixed(0)} fps)`],
      [
        'page frame time p50 / p95 / p99',
        `${pct(sorted, 0.5).toFixed(1)} / ${pct(sorted, 0.95).toFixed(1)} / ${pct(sorted, 0.99).toFixed(1)} ms (goal p95 < 16 ms)`,
      ],
      // rAF intervals cannot go below the display's period (16.7 ms at 60 Hz): a late frame is one
      // that missed a vsync, the figure that shows jank.
      [
        'page frames late (> 25 ms, missed a vsync)',
        `${((frames.filter((f) => f > 25).length / Math.max(1, frames.length)) * 100).toFixed(1)} %`,
      ],
      ['page main thread busy', `${share('task')} %`],
      [
        'of which script / style / layout',
        `${share('script')} / ${share('style')} / ${share('layout')} % (the rest: paint, raster, GC, other)`,
      ],
    ];
    rows.push(['machine', `${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)} at the end`]);
    const width = Math.max(...rows.map(([k]) => k.length));
    console.log(`\nbench:dashboard (${new Date().toISOString()})`);
    for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
  } finally {
    for (const ws of sockets) ws.terminate();
    await browser.close();
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The page's main-thread time so far, in seconds: all tasks, and script, style and layout in them. */
async function mainThreadSeconds(cdp: {
  send(m: 'Performance.getMetrics'): Promise<{ metrics: Array<{ name: string; value: number }> }>;
}) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
  return {
    task: get('TaskDuration'),
    script: get('ScriptDuration'),
    style: get('RecalcStyleDuration'),
    layout: get('LayoutDuration'),
  };
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    if (Date.now() > end) throw new Error('the runtime did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
}

await main();
