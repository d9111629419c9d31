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
});
