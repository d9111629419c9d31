import { EditorPage, expect, test } from './fixtures.js';

// A subflow deployed beside a flow that uses it: the palette lists it, a second instance is
// dropped and configured from the generated form, both run with their own parameter, and the
// definition opens in its own tab with its parameters and instances.
const node = (id: string, type: string, config: Record<string, unknown>, x: number, y = 120) => ({
  id,
  type,
  typeVersion: 1,
  config,
  position: { x, y },
});
const wire = (from: string, to: string) => ({ from: { node: from, port: 0 }, to: { node: to, port: 0 } });
const scale = {
  version: 1,
  id: 'scale',
  name: 'Scale',
  subflow: { params: [{ name: 'FACTOR', type: 'number', required: true, description: 'Multiplier' }] },
  nodes: [
    node('sc-in', 'subflow-in', {}, 100),
    node('sc-mul', 'function', { code: "msg.payload = msg.payload * Number(env.get('FACTOR'));\nreturn msg;" }, 300),
    node('sc-out', 'subflow-out', { port: 0 }, 500),
  ],
  wires: [wire('sc-in', 'sc-mul'), wire('sc-mul', 'sc-out')],
};
const line = {
  version: 1,
  id: 'line',
  name: 'Line',
  nodes: [
    node('inj', 'inject', { payloadType: 'number', payload: '7' }, 100),
    node('twice', 'subflow:scale', { FACTOR: 2 }, 320),
    node('out-a', 'debug', {}, 540),
  ],
  wires: [wire('inj', 'twice'), wire('twice', 'out-a')],
};

// Seeded before the editor page opens (the runtime fixture only), so no reload is needed.
test('subflows: palette, instance form, deploy, and the definition in its own tab', async ({ page, runtime }) => {
  const seeded = await fetch(`${runtime.url}/api/flows`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ flows: [line, scale] }),
  });
  expect(seeded.status).toBe(200);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(runtime.url);
  await expect(page.getByTestId('connection')).toHaveText('Live');
  const editor = new EditorPage(page);
  await expect(page.getByTestId('tab-scale')).toContainText('subflow');
  await page.getByTestId('tab-line').click();

  // The Subflows palette section lists the definition; a second instance gets FACTOR 10 from its form.
  await expect(page.getByTestId('palette-subflow:scale')).toBeVisible();
  await expect(page.getByTestId('palette-subflow-in')).toHaveCount(0);
  const tenfold = await editor.dropFromPalette('subflow:scale', 320, 260);
  await expect(page.getByTestId('node-editor')).toContainText('Multiplier');
  await page.getByTestId('field-FACTOR').fill('10');
  const sink = await editor.dropFromPalette('debug', 560, 260);
  await editor.wire('inj', tenfold);
  await editor.wire(tenfold, sink);
  await editor.deploy();
  await editor.expectDeployed();

  // Both instances run with their own parameter.
  expect((await fetch(`${runtime.url}/api/inject/inj`, { method: 'POST' })).status).toBe(200);
  const entries = await editor.debugEntries();
  await expect(entries).toHaveCount(2);
  const valueAt = (id: string) => page.locator(`[data-testid="debug-entry"][data-node-id="${id}"] .json-tree`);
  await expect(valueAt('out-a')).toHaveText('14');
  await expect(valueAt(sink)).toHaveText('70');

  // "Open subflow" from an instance shows the definition: port nodes in the palette, its parameters and instances.
  await page.getByTestId('tab-properties').click();
  await editor.select(tenfold);
  await page.getByTestId('open-subflow').click();
  await expect(page.getByTestId('tab-scale')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('palette-subflow-out')).toBeVisible();
  await expect(page.getByTestId('palette-subflow:scale')).toHaveCount(0);
  await expect(page.getByTestId('param-name-0')).toHaveValue('FACTOR');
  await expect(page.getByTestId('subflow-instances').locator('li')).toHaveCount(2);
  await page.screenshot({ path: 'test-results/subflows.png' });

  // Create subflow from a selection: the whole Line becomes a new definition with one instance in its place.
  await page.getByTestId('tab-line').click();
  await page.getByTestId('canvas').click({ position: { x: 700, y: 560 } });
  await page.keyboard.press('ControlOrMeta+A');
  await expect(page.getByTestId('multi-selection')).toContainText('5');
  await page.getByTestId('create-subflow').click();
  await expect(page.locator('[role="tab"][data-flow-name="Subflow 1"]')).toContainText('subflow');
  await expect(page.locator('.react-flow__node')).toHaveCount(1);
  expect(errors, 'uncaught errors in the page').toEqual([]);
});
