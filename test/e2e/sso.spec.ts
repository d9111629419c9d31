import { freePort } from '@millwright/sdk';
import { expect, test, type Page } from '@playwright/test';
import { startOidcProvider, type TestOidcProvider } from '../../runtime/src/auth/fixtures/oidc-provider.js';
import { startRuntime, type RuntimeProcess } from './runtime-process.js';

const TOKEN = 'e2e-sso-service-token-0123456789';
let provider: TestOidcProvider;
let runtime: RuntimeProcess;

test.beforeAll(async () => {
  const port = await freePort();
  const redirectUri = `http://127.0.0.1:${port}/api/auth/oidc/callback`;
  provider = await startOidcProvider({ redirectUri, groups: { alice: ['staff', 'mw-engineers'], vera: ['staff'] } });
  runtime = await startRuntime({
    token: TOKEN,
    port,
    settings: {
      auth: {
        oidc: {
          issuer: provider.issuer,
          clientId: provider.clientId,
          redirectUri,
          roles: { 'mw-engineers': 'editor', staff: 'viewer' },
          label: 'Sign in with Plant ID',
        },
      },
    },
    env: { MILLWRIGHT_OIDC_CLIENT_SECRET: provider.clientSecret },
  });
});
test.afterAll(async () => {
  await runtime?.stop();
  await provider?.close();
});

/** From the editor's sign-in dialog through the provider's sign-in page back into the editor. */
async function signIn(page: Page, login: string): Promise<void> {
  await page.goto(runtime.url);
  await expect(page.getByTestId('token-dialog')).toBeVisible();
  await page.getByTestId('sso-login').click();
  await expect(page).toHaveURL(new RegExp(`^${provider.issuer}/interaction/`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any-password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await expect(page.getByTestId('canvas')).toBeVisible();
  // The token left the address bar for this tab's session storage.
  expect(new URL(page.url()).hash).toBe('');
  expect(await page.evaluate(() => sessionStorage.getItem('millwright.token'))).toMatch(/^mwt_/);
}

async function dropDebugAndDeploy(page: Page): Promise<void> {
  await page.getByTestId('palette-debug').dragTo(page.getByTestId('canvas'), { targetPosition: { x: 300, y: 200 } });
  await page.getByTestId('deploy').click();
}

test('signs in through the OpenID Connect provider with the role of the groups claim; a viewer cannot deploy', async ({
  browser,
}) => {
  const engineer = await browser.newPage();
  await signIn(engineer, 'alice');
  await expect(engineer.getByTestId('signed-in')).toHaveText(/alice · editor/);
  await expect(engineer.getByTestId('sso-login')).toHaveCount(0);
  await dropDebugAndDeploy(engineer);
  await expect(engineer.getByTestId('toast-success')).toContainText('Deployed');
  expect((await runtime.flows()).flows[0]?.nodes).toHaveLength(1);

  // Another browser (its own provider session): a user whose only group maps to viewer.
  const context = await browser.newContext();
  const viewer = await context.newPage();
  await signIn(viewer, 'vera');
  await expect(viewer.getByTestId('signed-in')).toHaveAttribute('data-role', 'viewer');
  await dropDebugAndDeploy(viewer);
  await expect(viewer.getByTestId('toast-error')).toContainText('role viewer');
  expect((await runtime.flows()).flows[0]?.nodes).toHaveLength(1); // unchanged

  // Signing out ends the session here and at the provider, which sends the browser back.
  await engineer.getByTestId('sign-out').click();
  await expect(engineer).toHaveURL(new RegExp(`^${provider.issuer}/session/end`));
  await engineer.getByRole('button', { name: 'Yes, sign me out' }).click();
  await expect(engineer.getByTestId('token-dialog')).toBeVisible();
  expect(await engineer.evaluate(() => sessionStorage.getItem('millwright.token'))).toBeNull();
  await context.close();
});
