import { expect, test } from './fixtures.js';

const TOKEN = 'e2e-admin-token-0123456789';
test.use({ runtimeToken: TOKEN });

test('a runtime that requires a token: asks for it, then takes it from ?token= for API calls', async ({
  page,
  runtime,
}) => {
  await page.goto(runtime.url);
  await expect(page.getByTestId('token-dialog')).toBeVisible();

  await page.goto(`${runtime.url}/?token=${TOKEN}`);
  await expect(page.getByTestId('canvas')).toBeVisible();
  // The token leaves the address bar (bookmarks, screenshots) and lives in this tab's session storage.
  expect(new URL(page.url()).searchParams.has('token')).toBe(false);
  expect(await page.evaluate('sessionStorage.getItem("millwright.token")')).toBe(TOKEN);

  await page.getByTestId('palette-debug').dragTo(page.getByTestId('canvas'), { targetPosition: { x: 300, y: 200 } });
  await page.getByTestId('deploy').click();
  await expect(page.getByTestId('toast-success')).toContainText('Deployed');
  expect((await runtime.flows()).flows[0]?.nodes).toHaveLength(1);
});
