import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';

/** The demo plant's ISA-95 mapping (flows/demo-plant/reporting.flow.json): 15 rows. */
const FLOW = 'demo-reporting';
const NODE = 'rep-b2mml';

test.use({ runtimeDemo: true });

/** scrollWidth/clientWidth of the properties body and of the mapping table. */
async function widths(page: Page) {
  const measure = (testId: string) =>
    page.getByTestId(testId).evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  return { body: await measure('node-editor'), table: await measure('table-mappings') };
}

test('the demo plant ISA-95 mapping fits the right sidebar as a table, at 1280 and 1920 px', async ({
  editor,
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByTestId(`tab-${FLOW}`).click();
  await editor.select(NODE);
  const table = page.getByTestId('table-mappings');
  await expect(table.locator('.table-row')).toHaveCount(15);
  await expect(page.getByTestId('field-mappings.9.to')).toHaveValue(
    'responses[0].segments[0].materialActuals[0].quantities[0].value',
  );
  await expect(page.getByTestId('field-mappings.9.type')).toHaveValue('1'); // enum index of "number"

  for (const [width, height] of [
    [1280, 800],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width, height });
    const w = await widths(page);
    console.log(`isa95 mapping at ${width}x${height}: ${JSON.stringify(w)}`);
    expect(w.body.scroll, `properties body at ${width}px`).toBeLessThanOrEqual(w.body.client);
    expect(w.table.scroll, `mapping table at ${width}px`).toBeLessThanOrEqual(w.table.client);
    await table.locator('.table-row').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: `test-results/isa95-mapping-${width}.png` });
  }

  // Pickers: targets from the document's model; the debug node on the input wire is found (no message yet).
  const targets = page.getByTestId('list-mappings-to').locator('option');
  expect(await targets.count()).toBeGreaterThan(50);
  await expect(
    page
      .getByTestId('list-mappings-to')
      .locator('option[value="responses[0].segments[0].materialActuals[0].quantities[0].value"]'),
  ).toHaveCount(1);
  await expect(page.getByTestId('isa95-sample-from')).toContainText(
    'No message at the debug node on the input wire yet',
  );
  // A pasted sample gives the sources and a live preview of the B2MML.
  const sample = {
    payload: {
      performanceId: 'PERF-7',
      order: 'WO-7',
      start: '2024-05-01T04:00:00Z',
      end: '2024-05-01T05:00:00Z',
      material: 'BOTTLE-05',
      good: 980,
      reject: 20,
    },
  };
  await page.getByTestId('isa95-sample').fill(JSON.stringify(sample));
  await expect(page.getByTestId('list-mappings-from').locator('option[value="payload.good"]')).toHaveCount(1);
  const preview = page.getByTestId('isa95-preview');
  await expect(preview).toContainText('<SyncOperationsPerformance');
  await expect(preview).toContainText('<ID>WO-7</ID>');
  await expect(preview).toContainText('980');
  await preview.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/isa95-mapping-preview.png' });
  const after = await widths(page);
  expect(after.body.scroll, 'properties body with the preview').toBeLessThanOrEqual(after.body.client);
  // A value that does not convert: the fault shows on the row it comes from.
  await page.getByTestId('isa95-sample').fill(JSON.stringify({ payload: { ...sample.payload, good: 'many' } }));
  await expect(page.getByTestId('error-mappings.9')).toContainText('"many" is not a number');
  await expect(page.getByTestId('isa95-preview-faults')).toContainText('row 10');
  await page.getByTestId('isa95-sample').fill(JSON.stringify(sample));
  await expect(preview).toBeVisible();

  // The demo's quantity keys are constants: no source, their default is written.
  await expect(page.getByTestId('field-mappings.11.from')).toHaveValue('');
  await expect(page.getByTestId('field-mappings.11.from')).toHaveAttribute('placeholder', 'source (empty: constant)');
  await expect(page.getByTestId('field-mappings.11.default')).toHaveValue('Good');
  await expect(page.getByTestId('error-mappings.11')).toHaveCount(0);
  await expect(preview).toContainText('>Good<');
  // A missing target shows its fault on its own row.
  await page.getByTestId('field-mappings.2.to').fill('');
  await expect(page.getByTestId('error-mappings.2')).toContainText('Target:');
  await page.getByTestId('field-mappings.2.to').fill('responses[0].operationsRequestIds[0]');
  await expect(page.getByTestId('error-mappings.2')).toHaveCount(0);
  // Rows move and go.
  await page.getByTestId('row-mappings.14').getByTitle('Move up').click();
  await expect(page.getByTestId('field-mappings.13.default')).toHaveValue('Reject');
  await page.getByTestId('remove-mappings.13').click();
  await expect(table.locator('.table-row')).toHaveCount(14);
  await page.getByTestId('add-mappings').click();
  await expect(table.locator('.table-row')).toHaveCount(15);

  // The target picker's tree opens where a row's target points: noun -> lists -> item [0] -> typed leaf.
  const quantity = 'responses[0].segments[0].materialActuals[0].quantities[0].value';
  await page.getByTestId('browse-mappings.9.to').click();
  const tree = page.getByTestId('isa95-target-tree');
  await expect(tree).toContainText('SyncOperationsPerformance');
  await expect(page.getByTestId(`isa95-tree-${quantity}`)).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId(`isa95-tree-${quantity}`)).toHaveAttribute('data-type', 'number | string');
  await expect(page.getByTestId('isa95-tree-responses')).toHaveAttribute('data-type', 'list');
  // Lazy: a closed branch has nothing rendered under it.
  await expect(page.getByTestId('isa95-tree-responses[0].segments[0].personnelActuals')).toHaveAttribute(
    'aria-expanded',
    'false',
  );
  await expect(page.locator('[data-testid^="isa95-tree-responses[0].segments[0].personnelActuals[0]"]')).toHaveCount(0);
  await tree.getByRole('button', { name: /Close/ }).click();
  await expect(tree).toHaveCount(0);
  // The new row: search the tree, pick a leaf, the target is filled and the tree closes.
  await page.getByTestId('browse-mappings.14.to').click();
  await page.getByTestId('isa95-tree-search').fill('endtime');
  const endTime = page.getByTestId('isa95-tree-responses[0].endTime');
  await expect(endTime).toHaveAttribute('data-type', 'dateTime');
  await expect(page.getByTestId('isa95-tree-responses[0].segments[0].actualEndTime')).toBeVisible();
  await expect(page.getByTestId('isa95-tree-responses[0].startTime')).toHaveCount(0);
  await tree.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/isa95-target-tree.png' });
  const w = await widths(page);
  expect(w.body.scroll, 'properties body with the tree open').toBeLessThanOrEqual(w.body.client);
  await endTime.getByRole('button').click();
  await expect(page.getByTestId('field-mappings.14.to')).toHaveValue('responses[0].endTime');
  await expect(tree).toHaveCount(0);
  // Another document: the tree is its noun's.
  await page.getByTestId('field-document').selectOption('SyncMaterialLot');
  await page.getByTestId('browse-mappings.14.to').click();
  await expect(page.getByTestId('isa95-tree-root')).toContainText('MaterialLot');
  await expect(tree).toContainText('SyncMaterialLot');
  await page.getByTestId('isa95-tree-quantities').getByRole('button').first().click();
  await page.getByTestId('isa95-tree-quantities[0]').getByRole('button').first().click();
  await page.getByTestId('isa95-tree-quantities[0].unit').getByRole('button').click();
  await expect(page.getByTestId('field-mappings.14.to')).toHaveValue('quantities[0].unit');
});

test.describe('live sample', () => {
  // Its own small flow: the demo plant is not needed.
  test.use({ runtimeDemo: false });

  test('the mapping editor takes its sample from the debug node on the input wire once the deployed flow ran', async ({
    editor,
    page,
    runtime,
  }) => {
    const node = (id: string, type: string, config: Record<string, unknown>, x: number) => ({
      id,
      type,
      typeVersion: 1,
      name: id,
      config,
      position: { x, y: id === 'spy' ? 220 : 100 },
    });
    const payload = { order: 'WO-42', good: 17, lines: [{ qty: 3 }] };
    const flow = {
      version: 1,
      id: 'isa95-live',
      name: 'ISA-95 live sample',
      nodes: [
        node('feed', 'inject', { payloadType: 'json', payload: JSON.stringify(payload) }, 100),
        node(
          'map',
          'isa95-map',
          {
            document: 'SyncMaterialLot',
            mappings: [
              { from: 'payload.order', to: 'id' },
              { from: 'payload.good', to: 'quantities[0].value' },
            ],
          },
          350,
        ),
        node('spy', 'debug', {}, 350),
      ],
      wires: [
        { from: { node: 'feed', port: 0 }, to: { node: 'map', port: 0 } },
        { from: { node: 'feed', port: 0 }, to: { node: 'spy', port: 0 } },
      ],
    };
    await page.getByTestId('open-import').click();
    await page.getByTestId('import-text').fill(JSON.stringify(flow));
    await page.getByTestId('import-confirm').click();
    await editor.deploy('flows');
    await editor.expectDeployed();
    await editor.select('map');
    await expect(page.getByTestId('isa95-sample-from')).toContainText(
      'No message at the debug node on the input wire yet',
    );
    const res = await fetch(`${runtime.url}/api/inject/feed`, { method: 'POST' });
    expect(res.status).toBe(200);
    // The debug node's last message becomes the sample: its fields are the sources, the preview uses it.
    await expect(page.getByTestId('isa95-sample-from')).toContainText('Last message at debug node “spy”');
    const sources = page.getByTestId('list-mappings-from').locator('option');
    await expect(sources).toHaveCount(3);
    expect(await sources.evaluateAll((els) => els.map((e) => e.getAttribute('value')))).toEqual([
      'payload.order',
      'payload.good',
      'payload.lines[0].qty',
    ]);
    await expect(page.getByTestId('isa95-preview')).toContainText('<ID>WO-42</ID>');
    await expect(page.getByTestId('isa95-preview')).toContainText('<QuantityString>17</QuantityString>');
    await page.getByTestId('isa95-helper').screenshot({ path: 'test-results/isa95-live-sample.png' });
  });
});
