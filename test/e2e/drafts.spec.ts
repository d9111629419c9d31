import { expect, test } from './fixtures.js';

test('undeployed edits survive a reload: the editor warns on leaving, then offers restore or discard', async ({
  editor,
  page,
  runtime,
}) => {
  const before = await runtime.flows();
  const inject = await editor.dropFromPalette('inject', 200, 200);
  await page.getByTestId('prop-name').fill('shift start');
  await expect(page.getByTestId('dirty-indicator')).toContainText('undeployed');

  // Leaving with undeployed edits asks first (beforeunload); accepting reloads.
  const asked = new Promise<string>((resolve) =>
    page.once('dialog', (d) => {
      resolve(d.type());
      void d.accept();
    }),
  );
  await page.reload();
  expect(await asked).toBe('beforeunload');

  await expect(page.getByTestId('draft-banner')).toBeVisible();
  await expect(editor.node(inject)).toHaveCount(0);
  await page.screenshot({ path: 'test-results/draft-restore.png' });
  await page.getByTestId('draft-restore').click();
  await expect(editor.node(inject)).toBeVisible();
  await expect(editor.node(inject)).toContainText('shift start');
  await expect(page.getByTestId('dirty-indicator')).toContainText('undeployed');
  expect((await runtime.flows()).revision).toBe(before.revision);

  // Discarding forgets the draft: the next reload opens the deployed flows without asking.
  page.once('dialog', (d) => void d.accept());
  await page.reload();
  await page.getByTestId('draft-discard').click();
  await expect(page.getByTestId('draft-banner')).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('dirty-indicator')).toHaveText('All changes deployed');
  await expect(page.getByTestId('draft-banner')).toHaveCount(0);

  // Deploying clears the draft too.
  await editor.dropFromPalette('debug', 300, 300);
  await editor.deploy();
  await editor.expectDeployed();
  await page.reload();
  await expect(page.getByTestId('dirty-indicator')).toHaveText('All changes deployed');
  await expect(page.getByTestId('draft-banner')).toHaveCount(0);
});
