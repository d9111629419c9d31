import type { Flow } from '@millwright/model';
import { expect, test } from './fixtures.js';

const XML =
  '<?xml version="1.0"?><ProductionPerformance xmlns="http://www.mesa.org/xml/B2MML"><ID>PP-1</ID>' +
  '<ProductionResponse><ID>WO-7</ID><Quantity><QuantityString>1.000</QuantityString></Quantity></ProductionResponse>' +
  '</ProductionPerformance>';

const node = (id: string, type: string, config: Record<string, unknown>, x: number, y: number, name?: string) => ({
  id,
  type,
  typeVersion: 1,
  ...(name ? { name } : {}),
  config,
  position: { x, y },
});

/** An unnamed debug node fed with 150 messages at once, and a named one fed with a B2MML string. */
const FLOW: Flow = {
  version: 1,
  id: 'dbg',
  name: 'Line 1',
  nodes: [
    node('burst', 'inject', { payloadType: 'number', payload: '150' }, 100, 100, 'burst'),
    node(
      'fan',
      'function',
      {
        code: 'for (let i = 0; i < msg.payload; i++) node.send({ payload: { part: i, station: { id: "S1", temp: 20 + i } } });\nreturn null;',
      },
      300,
      100,
      'fan out',
    ),
    node('d0a1', 'debug', {}, 520, 100),
    node('xml', 'inject', { payloadType: 'string', payload: XML }, 100, 220, 'b2mml'),
    node('report', 'debug', {}, 520, 220, 'ERP report'),
  ],
  wires: [
    { from: { node: 'burst', port: 0 }, to: { node: 'fan', port: 0 } },
    { from: { node: 'fan', port: 0 }, to: { node: 'd0a1', port: 0 } },
    { from: { node: 'xml', port: 0 }, to: { node: 'report', port: 0 } },
  ],
};

test('debug entries are collapsed one-liners, named, filterable per node, XML indented, and the cap says what it dropped', async ({
  editor,
  page,
}) => {
  await page.getByTestId('open-import').click();
  await page.getByTestId('import-text').fill(JSON.stringify(FLOW));
  await page.getByTestId('import-confirm').click();
  await editor.deploy('full');
  await editor.expectDeployed();
  const entries = await editor.debugEntries();

  // Keep 100: the 150 messages leave the newest 100 and say how many went.
  await page.getByTestId('debug-cap').selectOption('100');
  await page.getByTestId('inject-burst').click();
  await expect(page.getByTestId('debug-discarded')).toHaveText('· 50 older discarded');
  await page.getByTestId('inject-xml').click();
  await expect(page.getByTestId('debug-discarded')).toHaveText('· 51 older discarded');
  await expect(entries).toHaveCount(100);

  // Collapsed: one line each, named by flow, type and short id when the node has no name.
  const part = entries.first();
  await expect(part.getByTestId('debug-node')).toHaveText('Line 1 › debug ·d0a1');
  await expect(part.locator('.json-toggle').first()).toHaveAttribute('aria-expanded', 'false');
  await expect(part.locator('.json-children')).toHaveCount(0);
  const box = await part.getByTestId('debug-value').boundingBox();
  expect(box?.height ?? 99).toBeLessThan(24);
  await part.locator('.json-toggle').first().click();
  await expect(part.locator('.json-children').first()).toContainText('station');

  // Only the ERP report node: its XML opens indented, one element per line.
  await page.getByTestId('debug-node-filter').selectOption({ label: 'ERP report' });
  await expect(entries).toHaveCount(1);
  await expect(page.getByTestId('debug-count')).toHaveText('1 of 100 messages');
  await entries.first().locator('.json-toggle').click();
  const xml = entries.first().getByTestId('debug-xml');
  await expect(xml).toContainText('    <ID>WO-7</ID>');
  expect((await xml.innerText()).split('\n')).toContain('      <QuantityString>1.000</QuantityString>');

  // The search box is usable, not 60 px wide.
  const search = await page.getByTestId('debug-search').boundingBox();
  expect(search?.width ?? 0).toBeGreaterThan(200);
  await page.screenshot({ path: 'test-results/debug-sidebar.png' });
});
