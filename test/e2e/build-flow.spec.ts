import { expect, test } from './fixtures.js';

test('builds inject → function → debug from the palette, deploys it and shows the transformed payload', async ({
  editor,
  page,
  runtime,
}) => {
  const inject = await editor.dropFromPalette('inject', 160, 200);
  const fn = await editor.dropFromPalette('function', 420, 200);
  const debug = await editor.dropFromPalette('debug', 680, 200);

  await editor.wire(inject, fn);
  await editor.wire(fn, debug);

  // Inject a number, double it in the function.
  await editor.select(inject);
  await page.getByTestId('field-payloadType').selectOption('number');
  await page.getByTestId('field-payload').fill('21');
  await page.getByTestId('prop-name').fill('Start');
  await expect(editor.node(inject)).toHaveAttribute('data-node-label', 'Start');

  await editor.select(fn);
  await page.getByTestId('prop-name').fill('Double');
  await editor.setCode('code', 'msg.payload = { doubled: msg.payload * 2 };\nreturn msg;');

  await expect(page.getByTestId('dirty-indicator')).toContainText('undeployed');
  await expect(editor.node(fn).getByTestId(`changed-${fn}`)).toBeVisible();
  await editor.deploy('full');
  await editor.expectDeployed();
  await expect(editor.node(fn).getByTestId(`changed-${fn}`)).toHaveCount(0);

  const stored = await runtime.flows();
  const storedFn = stored.flows[0]?.nodes.find((n) => n.id === fn);
  expect(storedFn?.config['code']).toBe('msg.payload = { doubled: msg.payload * 2 };\nreturn msg;');
  expect(stored.flows[0]?.wires).toHaveLength(2);

  await page.getByTestId(`inject-${inject}`).click();
  const entries = await editor.debugEntries();
  await expect(entries).toHaveCount(1);
  const entry = entries.first();
  await expect(entry.getByTestId('debug-node')).toHaveText('debug 1'); // new nodes are numbered per type
  await expect(entry.getByTestId('debug-value')).toContainText('doubled');
  await expect(entry.getByTestId('debug-value')).toContainText('42');

  // Expand-collapse and the filter work on the live list.
  await page.getByTestId('debug-search').fill('no such text');
  await expect(entries).toHaveCount(0);
  await page.getByTestId('debug-search').fill('');
  await expect(entries).toHaveCount(1);

  await page.screenshot({ path: 'test-results/screenshots/editor-running-flow.png' });
});

test('edits on the canvas: multi-select, copy/paste, delete, undo/redo, group', async ({ editor, page }) => {
  const a = await editor.dropFromPalette('inject', 160, 160);
  const b = await editor.dropFromPalette('debug', 420, 160);
  await editor.wire(a, b);

  await page.getByTestId('canvas').click({ position: { x: 600, y: 500 } });
  await page.keyboard.press('ControlOrMeta+A');
  await expect(page.getByTestId('multi-selection')).toContainText('2');
  await page.keyboard.press('ControlOrMeta+C');
  await page.keyboard.press('ControlOrMeta+V');
  await expect(page.locator('.react-flow__node-mw')).toHaveCount(4);
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);

  await page.keyboard.press('Delete');
  await expect(page.locator('.react-flow__node-mw')).toHaveCount(2);
  await page.keyboard.press('ControlOrMeta+Z');
  await expect(page.locator('.react-flow__node-mw')).toHaveCount(4);
  await page.keyboard.press('ControlOrMeta+Shift+Z');
  await expect(page.locator('.react-flow__node-mw')).toHaveCount(2);

  // Moving a node is one undo step.
  const before = await editor.node(a).boundingBox();
  await editor.node(a).locator('.mw-node-label').hover();
  await page.mouse.down();
  await page.mouse.move((before?.x ?? 0) + 60, (before?.y ?? 0) + 120, { steps: 8 });
  await page.mouse.up();
  const after = await editor.node(a).boundingBox();
  expect(Math.round((after?.y ?? 0) - (before?.y ?? 0))).toBeGreaterThan(80);
  await page.keyboard.press('ControlOrMeta+Z');
  await expect
    .poll(async () => Math.round((await editor.node(a).boundingBox())?.y ?? 0))
    .toBe(Math.round(before?.y ?? 0));

  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('ControlOrMeta+G');
  await expect(page.locator('.mw-group')).toHaveCount(1);
  await page.getByTestId('group-name').fill('Line 1');
  await expect(page.locator('.mw-group-title')).toHaveText('Line 1');
  // Clicking the group title selects its members.
  await page.getByTestId('canvas').click({ position: { x: 600, y: 600 } });
  await expect(page.getByTestId('flow-editor')).toBeVisible();
  await page.locator('.mw-group-title').click();
  await expect(page.getByTestId('multi-selection')).toContainText('2');
});
