import type { Flow } from '@millwright/model';
import { expect, test, type EditorPage } from './fixtures.js';

/** Values the measurement function sends, one per inject: 10.6 is beyond the UCL (rule we-1). */
const VALUES = [10.02, 10.11, 9.91, 10.05, 9.95, 10.6, 10.0, 9.88];
const LIMITS = { cl: 10, ucl: 10.3, lcl: 9.7 };

const node = (id: string, type: string, config: Record<string, unknown>, x: number, y: number) => ({
  id,
  type,
  typeVersion: 1,
  name: id,
  config,
  position: { x, y },
});

/** inject → function (next value) → quality-check; inject → function (next machine step) → oee. */
const FLOW: Flow = {
  version: 1,
  id: 'charts',
  name: 'Charts',
  nodes: [
    node('measure', 'inject', { payloadType: 'empty' }, 100, 100),
    node(
      'gauge',
      'function',
      {
        code: `const values = ${JSON.stringify(VALUES)};\nconst i = context.get('i') || 0;\nif (i >= values.length) return null;\ncontext.set('i', i + 1);\nmsg.payload = values[i];\nreturn msg;`,
      },
      300,
      100,
    ),
    node(
      'qc',
      'quality-check',
      {
        characteristics: [
          { name: 'diameter', property: 'payload', lsl: 9.4, usl: 10.8, unit: 'mm', controlLimits: LIMITS },
        ],
        rules: ['we-1'],
      },
      520,
      100,
    ),
    node('step', 'inject', { payloadType: 'empty' }, 100, 300),
    node(
      'machine',
      'function',
      {
        code: `const steps = [{ state: 'running' }, { state: 'down', reason: 'jam' }, { state: 'running', total: 10, good: 9 }];\nconst i = context.get('i') || 0;\nif (i >= steps.length) return null;\ncontext.set('i', i + 1);\nmsg.payload = steps[i];\nreturn msg;`,
      },
      300,
      300,
    ),
    node(
      'line-oee',
      'oee',
      { window: 'rolling', windowMs: 3_600_000, emitOn: 'update', countMode: 'increment', idealCycleTimeMs: 1_000 },
      520,
      300,
    ),
  ],
  wires: [
    { from: { node: 'measure', port: 0 }, to: { node: 'gauge', port: 0 } },
    { from: { node: 'gauge', port: 0 }, to: { node: 'qc', port: 0 } },
    { from: { node: 'step', port: 0 }, to: { node: 'machine', port: 0 } },
    { from: { node: 'machine', port: 0 }, to: { node: 'line-oee', port: 0 } },
  ],
};

async function importAndDeploy(editor: EditorPage): Promise<void> {
  const page = editor.page;
  await page.getByTestId('open-import').click();
  await page.getByTestId('import-text').fill(JSON.stringify(FLOW));
  await page.getByTestId('import-confirm').click();
  await editor.deploy('full');
  await editor.expectDeployed();
}

async function openChart(editor: EditorPage, id: string): Promise<void> {
  await editor.page.getByTestId('tab-properties').click(); // select() checks the properties panel
  await editor.select(id);
  await editor.page.getByTestId('tab-chart').click();
  await expect(editor.page.getByTestId('chart-panel')).toHaveAttribute('data-node-id', id);
}

const inject = async (url: string, id: string) => {
  const res = await fetch(`${url}/api/inject/${id}`, { method: 'POST' });
  expect(res.status).toBe(200);
};

test.describe('live charts', () => {
  test.use({ runtimeDemo: false });

  test('control chart: points, centre line, control limits and the rule violation arrive live', async ({
    editor,
    page,
    runtime,
  }) => {
    await importAndDeploy(editor);
    await openChart(editor, 'qc');
    await expect(page.getByTestId('chart-empty')).toBeVisible();

    const points = page.getByTestId('chart-point');
    for (let i = 0; i < VALUES.length; i++) {
      await inject(runtime.url, 'measure');
      // One point at a time: the chart follows the websocket without reopening.
      await expect(points).toHaveCount(i + 1);
    }
    const values = await points.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value'))));
    expect(values).toEqual(VALUES);
    await expect(page.getByTestId('chart-cl')).toHaveAttribute('data-value', String(LIMITS.cl));
    await expect(page.getByTestId('chart-ucl')).toHaveAttribute('data-value', String(LIMITS.ucl));
    await expect(page.getByTestId('chart-lcl')).toHaveAttribute('data-value', String(LIMITS.lcl));
    await expect(page.getByTestId('chart-usl')).toHaveAttribute('data-value', '10.8');

    const violated = page.locator('[data-testid="chart-point"].violated');
    await expect(violated).toHaveCount(1);
    await expect(violated).toHaveAttribute('data-value', '10.6');
    await expect(violated).toHaveAttribute('data-violations', 'we-1');
    await expect(violated.locator('title')).toContainText('we-1');
    await expect(page.getByTestId('chart-violation')).toHaveCount(1);
    await expect(page.getByTestId('chart-violation')).toContainText('10.6');
    await expect(page.getByTestId('chart-violation')).toContainText('we-1');
    await expect(page.getByTestId('chart-last')).toHaveText('9.88');

    // Time axis: local-time ticks within the points' span, readable at the sidebar's size.
    const ticks = page.getByTestId('chart-time-tick');
    expect(await ticks.count()).toBeGreaterThanOrEqual(2);
    const times = await points.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-time'))));
    const tickTimes = await ticks.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-time'))));
    expect(tickTimes[0]).toBeGreaterThanOrEqual(times[0]!);
    expect(tickTimes.at(-1)).toBeLessThanOrEqual(times.at(-1)!);
    const labels = await ticks.locator('text').allTextContents();
    for (const label of labels) expect(label).toMatch(/^\d\d:\d\d(:\d\d(\.\d)?)?$/);
    const labelHeight = (await ticks.first().locator('text').boundingBox())?.height ?? 0;
    expect(labelHeight).toBeGreaterThanOrEqual(10);
    // The violation is listed with its time (the violated point's), rule and value.
    const violatedTime = Number(await violated.getAttribute('data-time'));
    await expect(page.getByTestId('chart-violation')).toHaveAttribute('data-time', String(violatedTime));
    const clock = await page.evaluate(`(() => {
      const d = new Date(${violatedTime}), p = (n) => String(n).padStart(2, '0');
      return p(d.getHours()) + ':' + p(d.getMinutes()) + ':' + p(d.getSeconds());
    })()`);
    await expect(page.getByTestId('chart-violation')).toContainText(`${String(clock)} 10.6 we-1`);
    await expect(violated.locator('title')).toContainText(String(clock));
    console.log(
      `control chart: ${times.length} points over ${times.at(-1)! - times[0]!} ms, time ticks ${JSON.stringify(labels)}`,
    );
    // The plot grows by dragging its corner; the drawing follows at 1:1.
    const plot = page.getByTestId('control-chart-plot');
    const before = (await plot.boundingBox())!;
    await page.mouse.move(before.x + before.width - 3, before.y + before.height - 3);
    await page.mouse.down();
    await page.mouse.move(before.x + before.width - 3, before.y + before.height + 117, { steps: 4 });
    await page.mouse.up();
    const after = (await plot.boundingBox())!;
    expect(after.height - before.height).toBeGreaterThan(100);
    const inner = await plot.evaluate((el) => el.clientHeight);
    await expect(plot.locator('svg')).toHaveAttribute('height', String(inner));
    await page.getByTestId('chart-panel').screenshot({ path: 'test-results/screenshots/control-chart.png' });

    // A freshly opened editor draws the same chart from GET /api/charts/:nodeId.
    await page.reload();
    await expect(page.getByTestId('connection')).toHaveText('Live');
    await page.getByTestId('tab-charts').click();
    await openChart(editor, 'qc');
    const reloaded = await points.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-value'))));
    expect(reloaded).toEqual(VALUES);
    await expect(page.locator('[data-testid="chart-point"].violated')).toHaveAttribute('data-value', '10.6');
  });

  test('OEE panel: availability, performance, quality and losses from the machine messages', async ({
    editor,
    page,
    runtime,
  }) => {
    await importAndDeploy(editor);
    await openChart(editor, 'line-oee');
    const started = Date.now();
    await inject(runtime.url, 'step'); // running
    await page.waitForTimeout(2_000);
    const down = Date.now();
    await inject(runtime.url, 'step'); // down: jam
    await page.waitForTimeout(1_000);
    const end = Date.now();
    await inject(runtime.url, 'step'); // running again, 10 parts of which 9 good

    await expect(page.getByTestId('oee-total')).toHaveText('10');
    await expect(page.getByTestId('oee-good')).toHaveText('9');
    await expect(page.getByTestId('oee-reject')).toHaveText('1');
    // Quality = 9 / 10. Performance: 10 parts × 1 s ideal cycle > ~2 s run time, capped at 100 %.
    await expect(page.getByTestId('oee-quality')).toContainText('90.0 %');
    await expect(page.getByTestId('oee-performance')).toContainText('100.0 %');
    // The panel says why: the raw performance is far above 100 %.
    await expect(page.getByTestId('oee-warning')).toHaveCount(1);
    await expect(page.getByTestId('oee-warning')).toContainText('is above 100 % (shown capped)');
    // Availability = run time / planned time = ~2 s / ~3 s (node clock: allow for delivery latency).
    const availability = Number(await page.getByTestId('oee-availability').getAttribute('data-value'));
    expect(availability).toBeCloseTo((down - started) / (end - started), 1);
    await expect(page.getByTestId('oee-availability')).toContainText(`${(availability * 100).toFixed(1)} %`);
    const oee = Number(await page.getByTestId('oee-oee').getAttribute('data-value'));
    expect(oee).toBeCloseTo(availability * 1 * 0.9, 9);
    await expect(page.getByTestId('oee-oee')).toContainText(`${(oee * 100).toFixed(1)} %`);

    const loss = page.getByTestId('oee-loss');
    await expect(loss).toHaveCount(1);
    await expect(loss).toHaveAttribute('data-reason', 'jam');
    const lossMs = Number(await loss.getAttribute('data-ms'));
    expect(Math.abs(lossMs - (end - down))).toBeLessThan(300);
    await page.getByTestId('chart-panel').screenshot({ path: 'test-results/screenshots/oee-panel.png' });
  });
});

test.describe('demo plant charts', () => {
  test.use({ runtimeDemo: true });

  test('the demo quality check and OEE nodes show live charts', async ({ editor, page }) => {
    test.setTimeout(90_000);
    await page.getByTestId('tab-demo-production').click();
    await openChart(editor, 'demo-quality');
    await expect(page.getByTestId('chart-point').first()).toBeVisible({ timeout: 30_000 });
    const before = await page.getByTestId('chart-point').count();
    await expect.poll(() => page.getByTestId('chart-point').count(), { timeout: 30_000 }).toBeGreaterThan(before);
    await page.getByTestId('chart-panel').screenshot({ path: 'test-results/screenshots/demo-control-chart.png' });

    await openChart(editor, 'demo-oee');
    await expect(page.getByTestId('oee-availability')).toContainText('%', { timeout: 30_000 });
    await expect(page.getByTestId('oee-oee')).toHaveAttribute('data-value', /\d/, { timeout: 30_000 });
    await page.getByTestId('chart-panel').screenshot({ path: 'test-results/screenshots/demo-oee-panel.png' });
  });
});
