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
