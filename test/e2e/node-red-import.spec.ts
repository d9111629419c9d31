import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures.js';

/**
 * A Node-RED dashboard flow: inject (timestamp) → function "simulate temp" (170 + t mod 20) → debug
 * "temp", plus ui_gauge / ui_chart (and a ui_switch) that have no Millwright equivalent.
 */
const EXPORT = fileURLToPath(new URL('../fixtures/node-red/dashboard-ui.json', import.meta.url));
const TAB = 'a3b4c5d6e7f8091a';
const INJECT = 'b4c5d6e7f8091a2b';
const GAUGE = 'd6e7f8091a2b3c4d';
const DEBUG = 'f8091a2b3c4d5e6f';

test.use({ runtimeDemo: false });

test('converts a Node-RED export, reports its placeholders, imports and runs it', async ({ editor, page }) => {
  await page.getByTestId('open-import').click();
  await page.getByTestId('import-file').setInputFiles(EXPORT);

  const report = page.getByTestId('node-red-report');
  await expect(report.getByTestId('node-red-summary')).toContainText('5 node(s) converted into 1 flow(s)');
  const placeholders = page.getByTestId('node-red-placeholders').locator('li');
  await expect(placeholders).toHaveCount(6);
  await expect(page.getByTestId(`node-red-placeholder-${GAUGE}`)).toContainText('ui_gauge');
  await expect(page.getByTestId(`node-red-placeholder-${GAUGE}`)).toContainText('oven gauge');
  await expect(page.getByTestId(`node-red-placeholder-${GAUGE}`)).toContainText('placeholder');
  // A Node-RED export is not Millwright flow JSON: the usual summary and parse errors stay away.
  await expect(page.getByTestId('import-error')).toHaveCount(0);
  await expect(page.getByTestId('import-summary')).toHaveCount(0);

  await page.getByTestId('import-confirm').click();
  await expect(page.getByTestId('import-dialog')).toHaveCount(0);
  await expect(page.getByTestId(`tab-${TAB}`)).toHaveAttribute('aria-selected', 'true');
  // Flow nodes only: the dashboard config nodes (ui_group, ui_tab, ui_base) are not on the canvas.
  await expect(page.locator('.react-flow__node-mw')).toHaveCount(8);
  await expect(editor.node(GAUGE)).toHaveClass(/placeholder/);
  await expect(page.getByTestId(`placeholder-${GAUGE}`)).toHaveText('ui_gauge');
  await expect(page.locator('.mw-node.placeholder')).toHaveCount(3);

  await editor.deploy();
  await editor.expectDeployed();
  const entries = await editor.debugEntries();
  await page.getByTestId(`inject-${INJECT}`).click();
  // Placeholder errors are listed too; the debug node's own output is what the function computed.
  const temp = entries.and(page.locator(`[data-node-id="${DEBUG}"]`)).first();
  await expect(temp.getByTestId('debug-value')).toHaveText(/^1[78]\d$/);
  // The gauge placeholder got the same message and says it cannot handle it.
  await expect(page.getByTestId(`error-${GAUGE}`)).toContainText('not supported');
  await page.screenshot({ path: 'test-results/screenshots/editor-node-red-import.png' });
});

test('a second import of the same export can be added as a copy', async ({ editor, page }) => {
  await expect(editor.page.getByTestId('canvas')).toBeVisible();
  for (const asCopy of [false, true]) {
    await page.getByTestId('open-import').click();
    await page.getByTestId('import-file').setInputFiles(EXPORT);
    await expect(page.getByTestId('node-red-summary')).toBeVisible();
    if (asCopy) await page.getByTestId('import-as-copy').check();
    await page.getByTestId('import-confirm').click();
    await expect(page.getByTestId('import-dialog')).toHaveCount(0);
  }
  await expect(page.getByTestId(`tab-${TAB}`)).toHaveCount(1);
  await expect(page.locator('[data-testid^="tab-"]').filter({ hasText: '(copy)' })).toHaveCount(1);
});
