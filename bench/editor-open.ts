/**
 * Editor time to interactive with a large flow. Deploys a generated flow (2,000 nodes, about
 * 2,000 wires) to a real runtime, opens the built editor in Chromium and measures, from navigation
 * start: first nodes on the canvas, then a click on a node selecting it (properties shown), then a
 * drag of that node. Prints the median of the runs (after one warm-up) and the machine's load;
 * stops by itself.
 *
 *   npm run bench:editor -- [--nodes 2000] [--runs 3]
 *
 * Needs the editor built (`npm run build`) and Chromium at /usr/bin/chromium (or CHROMIUM_PATH).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { DeployRequest, Flow, FlowNode, Wire } from '@millwright/model';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM } from '../playwright.config.js';
import globalSetup from '../test/e2e/global-setup.js';
import { startRuntime } from '../test/e2e/runtime-process.js';

const OUT = fileURLToPath(new URL('./.out/editor-open.json', import.meta.url));
const CHAIN = 10;

/** Chains of inject → 8 × (change | template) → debug, on a grid, plus one link from each chain to the next. */
export function generateFlow(nodeCount: number): Flow {
  const nodes: FlowNode[] = [];
  const wires: Wire[] = [];
  const chains = Math.ceil(nodeCount / CHAIN);
  const id = (c: number, i: number) => `n${c}-${i}`;
  for (let c = 0; c < chains; c++) {
    for (let i = 0; i < CHAIN && nodes.length < nodeCount; i++) {
      const type = i === 0 ? 'inject' : i === CHAIN - 1 ? 'debug' : i % 2 ? 'change' : 'template';
      const config: Record<string, unknown> =
        type === 'change'
          ? { rules: [{ action: 'set', property: `step${i}`, valueType: 'string', value: `chain ${c}` }] }
          : type === 'template'
            ? { template: `step ${i}: {{payload}}` }
            : type === 'debug'
              ? { active: false }
              : {};
      nodes.push({
        id: id(c, i),
        type,
        typeVersion: 1,
        name: `${type} ${c}.${i}`,
        config,
        position: { x: 40 + i * 200, y: 40 + c * 60 },
      });
      if (i > 0) wires.push({ from: { node: id(c, i - 1), port: 0 }, to: { node: id(c, i), port: 0 } });
    }
  }
  // Cross links make the wire count about equal to the node count, as in real flows with fan-out.
  for (let c = 0; c + 1 < chains && wires.length < nodeCount; c++)
    wires.push({ from: { node: id(c, 4), port: 0 }, to: { node: id(c + 1, 5), port: 0 } });
  return { version: 1, id: 'bench-large', name: `Large flow (${nodes.length} nodes)`, nodes, wires };
}

interface RunResult {
  /** Navigation start → first flow node in the DOM (ms). */
  firstNodes: number;
  /**
   * Navigation start → a click on a node, sent as soon as nodes are on screen, has selected it and
   * its properties are shown (ms). The click waits in the browser's queue while the main thread is
   * busy, so this is when the editor first answers input.
   */
  interactive: number;
  /** Navigation start → nodes on screen and the last long task (> 50 ms) before the click over (ms). */
  quiet: number;
  /** When the browser received the click, and when the page's handler started (ms). */
  clickQueued: number;
  clickRun: number;
  /** Frame intervals while a node is dragged 40 steps: median and 95th percentile (ms). */
  dragFrameP50: number;
  dragFrameP95: number;
  /** Flow nodes in the DOM once interactive (the rest are virtualised away). */
  domNodes: number;
}

/**
 * Timestamps taken inside the page, so Playwright's own round trips do not count. In-page code is
 * kept as strings: this file is type-checked without the DOM library, and tsx would wrap named
 * inner functions in a helper the page does not have.
 */
const RECORD_MILESTONES = `{
  const marks = {};
  window.__editorBench = marks;
  const observer = new MutationObserver(() => {
    if (marks.first === undefined && document.querySelector('.react-flow__node-mw')) marks.first = performance.now();
    if (marks.selected === undefined && document.querySelector('[data-testid="node-editor"]'))
      marks.selected = performance.now();
  });
  document.addEventListener('DOMContentLoaded', () =>
    observer.observe(document.body, { childList: true, subtree: true, attributes: true }),
  );
  // Long tasks (> 50 ms) block input; the editor is interactive once they stop.
  marks.longTasks = [];
  new PerformanceObserver((list) => {
    for (const t of list.getEntries()) marks.longTasks.push([t.startTime, t.startTime + t.duration]);
  }).observe({ type: 'longtask', buffered: true });
  // When the browser received the click (event.timeStamp) and when the page got to run it.
  window.addEventListener('pointerdown', (e) => {
    marks.clickQueued ??= e.timeStamp;
    marks.clickRun ??= performance.now();
  }, true);
}`;

async function mark(page: Page, name: string): Promise<number> {
  const handle = await page.waitForFunction(
    `window.__editorBench && window.__editorBench[${JSON.stringify(name)}]`,
    undefined,
    {
      timeout: 30_000,
      polling: 10,
    },
  );
  return Number(await handle.jsonValue());
}

async function measure(page: Page, url: string): Promise<RunResult> {
  await page.addInitScript(RECORD_MILESTONES);
  await page.goto(url, { waitUntil: 'commit' });
  const firstNodes = await mark(page, 'first');
  // Click the node nearest the canvas centre right away; no actionability waits.
  const id = await page.evaluate(`(() => {
    const pane = document.querySelector('.react-flow').getBoundingClientRect();
    const cx = pane.x + pane.width / 2, cy = pane.y + pane.height / 2;
    let best, dist = Infinity;
    for (const el of document.querySelectorAll('.react-flow__node-mw')) {
      const r = el.getBoundingClientRect();
      const d = Math.hypot(r.x + r.width / 2 - cx, r.y + r.height / 2 - cy);
      if (d < dist) { dist = d; best = el.getAttribute('data-id'); }
    }
    return best;
  })()`);
  const target = page.locator(`.react-flow__node[data-id="${String(id)}"]`);
  const box = await target.boundingBox();
  if (!box) throw new Error('node has no box');
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  const interactive = await mark(page, 'selected');
  const clickQueued = await mark(page, 'clickQueued');
  const clickRun = await mark(page, 'clickRun');
  const longTasks: Array<[number, number]> = await page.evaluate('window.__editorBench.longTasks');
  // Lighthouse-style: nodes are on screen and no long task runs any more (checked up to the click).
  const quiet = Math.max(firstNodes, ...longTasks.filter(([start]) => start < clickQueued).map(([, end]) => end));
  const selected = await page.getByTestId('node-editor').getAttribute('data-node-id');
  if (selected !== id) throw new Error(`clicked node ${id} but ${selected} is selected`);
  const domNodes = await page.locator('.react-flow__node-mw').count();

  // Record every frame while dragging: a fluid canvas keeps them near 16 ms.
  // A string, because tsx would wrap a named inner function in a helper the page does not have.
  await page.evaluate(`{
    const frames = [];
    window.__editorFrames = frames;
    const tick = (t) => {
      frames.push(t);
      if (window.__editorFrames === frames) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }`);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2 + 120, { steps: 40 });
  await page.mouse.up();
  await page.waitForFunction(
    `(() => {
      const el = document.querySelector('.react-flow__node[data-id=${JSON.stringify(String(id))}]');
      return !!el && el.getBoundingClientRect().x > ${box.x + 60};
    })()`,
  );
  const frames: number[] = await page.evaluate(`(() => {
    const list = window.__editorFrames;
    window.__editorFrames = null;
    return list.slice(1).map((t, i) => t - list[i]);
  })()`);
  return {
    firstNodes,
    quiet,
    interactive,
    clickQueued,
    clickRun,
    dragFrameP50: percentile(frames, 0.5),
    dragFrameP95: percentile(frames, 0.95),
    domNodes,
  };
}

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { nodes: { type: 'string', default: '2000' }, runs: { type: 'string', default: '3' } },
  });
  const nodeCount = Number(values.nodes);
  const runs = Number(values.runs);
  if (!Number.isInteger(nodeCount) || nodeCount < 10) throw new Error('--nodes must be an integer >= 10');
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive integer');

  globalSetup(); // builds editor/dist if it is missing or stale
  const flow = generateFlow(nodeCount);
  const runtime = await startRuntime();
  const browser = await chromium.launch(CHROMIUM);
  try {
    const body: DeployRequest = { flows: [flow], mode: 'full' };
    const res = await fetch(`${runtime.url}/api/flows`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`deploy failed: ${res.status} ${await res.text()}`);
    const results: RunResult[] = [];
    // One unmeasured warm-up: the runtime is still starting the 2,000 nodes it was just given.
    for (let i = -1; i < runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      const result = await measure(page, runtime.url);
      if (i >= 0) results.push(result);
      await context.close();
    }
    const summary = {
      nodes: flow.nodes.length,
      wires: flow.wires.length,
      runs,
      medianMs: {
        firstNodes: Math.round(median(results.map((r) => r.firstNodes))),
        quiet: Math.round(median(results.map((r) => r.quiet))),
        interactive: Math.round(median(results.map((r) => r.interactive))),
        dragFrameP50: Math.round(median(results.map((r) => r.dragFrameP50))),
        dragFrameP95: Math.round(median(results.map((r) => r.dragFrameP95))),
      },
      domNodes: results[0]?.domNodes,
      results: results.map((r) => ({
        firstNodes: Math.round(r.firstNodes),
        quiet: Math.round(r.quiet),
        interactive: Math.round(r.interactive),
        clickQueued: Math.round(r.clickQueued),
        clickRun: Math.round(r.clickRun),
        dragFrameP50: Math.round(r.dragFrameP50),
        dragFrameP95: Math.round(r.dragFrameP95),
        domNodes: r.domNodes,
      })),
    };
    await mkdir(fileURLToPath(new URL('./.out/', import.meta.url)), { recursive: true });
    await writeFile(OUT, `${JSON.stringify(summary, null, 2)}\n`);
    console.log(
      `load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} on ${availableParallelism()} cores\n` +
        `editor open, ${summary.nodes} nodes / ${summary.wires} wires, median of ${runs}:\n` +
        `  first nodes on canvas   ${summary.medianMs.firstNodes} ms after navigation start\n` +
        `  time to interactive     ${summary.medianMs.quiet} ms (nodes shown, no long task left; Lighthouse-style)\n` +
        `  first click answered    ${summary.medianMs.interactive} ms (clicked as soon as nodes showed, via Playwright;\n` +
        `                          node selected, properties shown: an upper bound including Playwright's round trips)\n` +
        `  frames while dragging   p50 ${summary.medianMs.dragFrameP50} ms, p95 ${summary.medianMs.dragFrameP95} ms\n` +
        `  flow nodes in the DOM   ${summary.domNodes} of ${summary.nodes} (only visible ones are rendered)\n` +
        `  written to ${OUT}`,
    );
  } finally {
    await browser.close();
    await runtime.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
