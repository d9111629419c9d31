import { expect, test } from './fixtures.js';

test('an invalid config shows an inline error and blocks the deploy', async ({ editor, page, runtime }) => {
  const before = await runtime.flows();
  const inject = await editor.dropFromPalette('inject', 200, 200);
  await page.getByTestId('field-repeat').selectOption('interval');
  await page.getByTestId('field-intervalMs').fill('5');

  await expect(page.getByTestId('error-intervalMs')).toHaveText('must be at least 10');
  await expect(page.getByTestId(`invalid-${inject}`)).toBeVisible();

  await editor.deploy('full');
  await expect(page.getByTestId('toast-error')).toContainText('Not deployed: 1 problem');
  expect((await runtime.flows()).revision).toBe(before.revision);
  await expect(page.getByTestId('dirty-indicator')).toContainText('undeployed');

  // Fixing the value clears the error and the deploy goes through.
  await page.getByTestId('field-intervalMs').fill('1000');
  await expect(page.getByTestId('error-intervalMs')).toHaveCount(0);
  await expect(page.getByTestId(`invalid-${inject}`)).toHaveCount(0);
  await page.getByTestId('field-repeat').selectOption('none');
  await editor.deploy();
  await editor.expectDeployed();
  expect((await runtime.flows()).revision).not.toBe(before.revision);
});

test('problems only the runtime can find come back inline on the right field', async ({ editor, page, runtime }) => {
  const inject = await editor.dropFromPalette('inject', 200, 200);
  await page.getByTestId('field-repeat').selectOption('cron');
  // Well-formed for JSON Schema, but not a cron expression: only the server's zod refinement knows.
  await page.getByTestId('field-cron').fill('every tuesday');
  await expect(page.getByTestId('error-cron')).toHaveCount(0);
  const revision = (await runtime.flows()).revision;

  await editor.deploy('full');
  await expect(page.getByTestId('toast-error')).toContainText('refused');
  await expect(page.getByTestId('error-cron')).toContainText('invalid cron expression');
  await expect(page.getByTestId(`invalid-${inject}`)).toBeVisible();
  expect((await runtime.flows()).revision).toBe(revision);
});

test('link targets are picked by name, and a deleted target blocks the deploy at the link', async ({
  editor,
  page,
  runtime,
}) => {
  const target = await editor.dropFromPalette('link-in', 420, 160);
  const link = await editor.dropFromPalette('link-out', 160, 160);
  // The picker lists the link-in nodes of every flow; no id is typed.
  await page.getByTestId(`pick-links-${target}`).check();
  await editor.deploy('full');
  await editor.expectDeployed();
  const deployed = await runtime.flows();

  // Deleting the target leaves the link-out naming a node that is gone: refused before sending.
  await editor.select(target);
  await page.keyboard.press('Delete');
  await expect(editor.node(target)).toHaveCount(0);
  await editor.deploy();
  await expect(page.getByTestId('toast-error')).toContainText('Not deployed: 1 problem');
  await expect(page.getByTestId(`invalid-${link}`)).toBeVisible();
  await editor.select(link);
  await expect(page.getByTestId(`missing-links-${target}`)).toBeVisible();
  await expect(page.getByTestId('node-editor')).toContainText(`no "link-in" node has the id "${target}"`);
  await page.screenshot({ path: 'test-results/link-target-missing.png' });
  expect((await runtime.flows()).revision).toBe(deployed.revision);

  // Unticking the missing target clears the fault.
  await page.getByTestId(`missing-links-${target}`).locator('input').click();
  await expect(page.getByTestId(`missing-links-${target}`)).toHaveCount(0);
  await expect(page.getByTestId(`invalid-${link}`)).toHaveCount(0);
});
