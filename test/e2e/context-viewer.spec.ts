import type { Flow } from '@millwright/model';
import { expect, test } from './fixtures.js';

const node = (id: string, type: string, config: Record<string, unknown>, x: number, y: number, name: string) => ({
  id,
  type,
  typeVersion: 1,
  name,
  config,
  position: { x, y },
});

const CODE = `context.set('count', (context.get('count') || 0) + 1);
flow.set('order', { id: 'WO-7', qty: 12, station: { id: 'S1' } });
global.set('line', 'L2');
return msg;`;

/** inject -> function that sets node, flow and global context. */
const FLOW: Flow = {
  version: 1,
  id: 'ctx',
  name: 'Context',
  nodes: [node('go', 'inject', {}, 100, 100, 'go'), node('fn', 'function', { code: CODE }, 320, 100, 'remember')],
  wires: [{ from: { node: 'go', port: 0 }, to: { node: 'fn', port: 0 } }],
};

test('the Context tab shows the node, flow and global context of the running flow on refresh, and deletes a key', async ({
  editor,
  page,
}) => {
  await page.getByTestId('open-import').click();
  await page.getByTestId('import-text').fill(JSON.stringify(FLOW));
  await page.getByTestId('import-confirm').click();
  await editor.deploy('full');
  await editor.expectDeployed();
  await page.getByTestId('inject-go').click();
  await page.getByTestId('inject-go').click();

  await editor.select('fn');
  await page.getByTestId('tab-context').click();
  const nodeSection = page.getByTestId('context-node');
  // The function may still be running the second message: refresh until both counted.
  await expect(async () => {
    await page.getByTestId('context-refresh-node').click();
    await expect(nodeSection.locator('[data-key="count"]')).toContainText('2', { timeout: 500 });
  }).toPass({ timeout: 5_000 });

  await page.getByTestId('context-refresh-flow').click();
  const order = page.getByTestId('context-flow').locator('[data-key="order"]');
  await expect(order).toContainText('WO-7');
  // Collapsed: the value is one summary line until opened.
  await expect(order.locator('.json-toggle').first()).toHaveAttribute('aria-expanded', 'false');
  await order.locator('.json-toggle').first().click();
  await expect(order.locator('.json-children').first()).toContainText('station');

  await page.getByTestId('context-refresh-global').click();
  await expect(page.getByTestId('context-global').locator('[data-key="line"]')).toContainText('"L2"');
  await page.screenshot({ path: 'test-results/context-viewer.png' });

  // An editor deletes a key (after confirming): the section reads the context again, now empty.
  page.once('dialog', (d) => void d.accept());
  await nodeSection.getByTestId('context-delete').click();
  await expect(nodeSection).toContainText('Empty.');
  await page.getByTestId('inject-go').click();
  await expect(async () => {
    await page.getByTestId('context-refresh-node').click();
    await expect(nodeSection.locator('[data-key="count"]')).toContainText('1', { timeout: 500 });
  }).toPass({ timeout: 5_000 });
});
