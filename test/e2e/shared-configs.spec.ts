import { expect, test } from './fixtures.js';

// Shared config nodes in the editor (decision 0039), on the demo plant: its PLC connection is listed
// once with the flows using it, an edit marks exactly those flows as changed, and "move to shared"
// turns a flow's own config node into a shared one, merging the identical one of another flow.

test.use({ runtimeDemo: true });

test('the PLC connection is listed once with its four flows; move to shared merges identical brokers', async ({
  editor,
  runtime,
}) => {
  const page = editor.page;
  await page.getByTestId('tab-demo-production').click();
  await page.getByTestId('tab-properties').click();
  // The shared config document is no tab.
  await expect(page.getByTestId('tab-plant')).toHaveCount(0);
  const shared = page.getByTestId('shared-config-plc');
  await expect(shared).toHaveCount(1);
  await expect(shared).toContainText('sim PLC');
  const users = page.getByTestId('shared-users-plc');
  await expect(users).toContainText('used in 4 flows');
  const flows = await users
    .getByTestId('shared-user-flow')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-flow-id')).sort());
  expect(flows).toEqual(['demo-dashboards', 'demo-master-data', 'demo-production', 'demo-work-orders']);

  // Editing it marks exactly the flows using it as changed.
  await shared.getByRole('button', { name: 'sim PLC' }).click();
  await expect(page.getByTestId('config-where')).toContainText('Shared config node, used by');
  await expect(page.getByTestId('config-where')).toContainText('in 4 flows');
  await page.getByTestId('config-name').fill('Line 1 PLC');
  for (const id of ['demo-production', 'demo-work-orders', 'demo-master-data', 'demo-dashboards'])
    await expect(page.getByTestId(`tab-${id}`).locator('.tab-dot')).toHaveCount(1);
  for (const id of ['demo-quality', 'demo-reporting'])
    await expect(page.getByTestId(`tab-${id}`).locator('.tab-dot')).toHaveCount(0);
  await page.getByRole('button', { name: '← Back' }).click();
  // Undone, no flow is changed any more (and the deploy below restarts only what the move touches).
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('dirty-indicator')).toHaveText('All changes deployed');

  // Production's broker goes to the shared ones; the dashboards flow's identical one is merged into it.
  await page.getByTestId('move-to-shared-prod-broker').click();
  await expect(page.getByTestId('config-prod-broker')).toHaveCount(0);
  await expect(page.getByTestId('shared-users-prod-broker')).toContainText('used in 2 flows');
  await page.getByTestId('tab-demo-dashboards').click();
  await expect(page.getByTestId('config-dash-broker')).toHaveCount(0);
  // The picker of the dashboards flow's MQTT node offers the shared broker, already chosen.
  await editor.select('op-scrap-nc');
  await expect(page.getByTestId('field-broker').locator('option:checked')).toHaveText('embedded broker (shared)');

  await editor.deploy();
  await editor.expectDeployed();
  const stored = (await runtime.flows()).flows;
  const plant = stored.find((f) => f.shared);
  expect(plant?.configs?.map((c) => [c.id, c.name])).toEqual([
    ['plc', 'sim PLC'],
    ['prod-broker', 'embedded broker'],
  ]);
  const dashboards = stored.find((f) => f.id === 'demo-dashboards');
  expect(dashboards?.configs?.map((c) => c.id)).not.toContain('dash-broker');
  expect(dashboards?.nodes.find((n) => n.id === 'op-scrap-nc')?.config['broker']).toBe('prod-broker');

  // Exported alone, the flow carries the shared config nodes it uses as its own.
  await page.getByTestId('open-export').click();
  await page.getByTestId('export-scope-flow').click();
  const exported = JSON.parse(await page.getByTestId('export-text').inputValue()) as {
    configs?: Array<{ id: string }>;
  };
  expect(exported.configs?.map((c) => c.id)).toEqual(expect.arrayContaining(['plc', 'prod-broker']));
});
