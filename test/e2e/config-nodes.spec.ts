import { expect, PLANT_NODES, test } from './fixtures.js';

test.use({ runtimeNodes: [PLANT_NODES] });

test('a config node is created from the field that references it, edited, and used at runtime', async ({
  editor,
  page,
  runtime,
}) => {
  await expect(page.getByTestId('palette')).toContainText('PLC read');
  // Config node types are not placed on the canvas, so the palette leaves them out.
  await expect(page.getByTestId('palette-e2e-plc')).toHaveCount(0);

  const inject = await editor.dropFromPalette('inject', 140, 200);
  const read = await editor.dropFromPalette('e2e-plc-read', 400, 200);
  const debug = await editor.dropFromPalette('debug', 660, 200);
  await editor.wire(inject, read);
  await editor.wire(read, debug);

  // Arrays of strings: one default item, add another.
  await editor.select(read);
  await expect(page.getByTestId('field-tags.0')).toHaveValue('speed');
  await page.getByTestId('add-tags').click();
  await page.getByTestId('field-tags.1').fill('temp');

  // No PLC chosen yet: the node cannot deploy.
  await editor.deploy('full');
  await expect(page.getByTestId('toast-error')).toContainText('Not deployed');
  await expect(page.getByTestId(`invalid-${read}`)).toBeVisible();

  // Create the config node from the field; its own form opens, with a required host.
  await page.getByTestId('field-plc').selectOption('');
  await page.getByTestId('new-config-plc').click();
  const configEditor = page.getByTestId('config-editor');
  await expect(configEditor).toBeVisible();
  await expect(configEditor.getByTestId('error-host')).toHaveText('is required');
  await configEditor.getByTestId('field-host').fill('plc-1.local');
  await expect(configEditor.getByTestId('error-host')).toHaveCount(0);
  await configEditor.getByTestId('field-port').fill('5020');
  // Nested object fields.
  await configEditor.getByTestId('field-options.retries').fill('11');
  await expect(configEditor.getByTestId('error-options.retries')).toHaveText('must be at most 10');
  await configEditor.getByTestId('field-options.retries').fill('5');
  await configEditor.getByRole('button', { name: '← Back' }).click();

  await editor.select(read);
  await expect(page.getByTestId('field-plc').locator('option:checked')).toHaveText('PLC connection 1');
  await expect(page.getByTestId(`invalid-${read}`)).toHaveCount(0);

  await editor.deploy();
  await editor.expectDeployed();
  const stored = (await runtime.flows()).flows[0];
  expect(stored?.configs?.[0]).toMatchObject({ type: 'e2e-plc', config: { host: 'plc-1.local', port: 5020 } });

  await page.getByTestId(`inject-${inject}`).click();
  const entries = await editor.debugEntries();
  await expect(entries).toHaveCount(1);
  await expect(entries.first().getByTestId('debug-value')).toContainText('"plc-1.local:5020"');
  await expect(entries.first().getByTestId('debug-value')).toContainText('"temp"');
});
