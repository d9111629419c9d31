import type { DeployRequest, Flow } from '@millwright/model';
import { expect, test } from './fixtures.js';

test('a deploy made elsewhere is detected and never silently overwritten', async ({ editor, page, runtime }) => {
  await editor.dropFromPalette('debug', 200, 200);

  // Another session deploys a different flow behind the editor's back.
  const other: Flow = { version: 1, id: 'from-elsewhere', name: 'Elsewhere', nodes: [], wires: [] };
  const current = await runtime.flows();
  const body: DeployRequest = { flows: [other], mode: 'full', revision: current.revision };
  const res = await fetch(`${runtime.url}/api/flows`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  await expect(page.getByTestId('remote-change-banner')).toBeVisible();

  await editor.deploy('full');
  await expect(page.getByTestId('conflict-dialog')).toBeVisible();
  await page.getByTestId('conflict-cancel').click();
  expect((await runtime.flows()).flows.map((f) => f.id)).toEqual(['from-elsewhere']);

  // Reloading takes the server's flows (and drops the local edit).
  await editor.deploy('full');
  await page.getByTestId('conflict-reload').click();
  await expect(page.getByTestId('tab-from-elsewhere')).toBeVisible();
  await expect(page.getByTestId('dirty-indicator')).toHaveText('All changes deployed');
  await expect(page.getByTestId('remote-change-banner')).toHaveCount(0);

  // Overwrite is an explicit choice.
  await editor.dropFromPalette('debug', 300, 300);
  await fetch(`${runtime.url}/api/flows`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ flows: [{ ...other, name: 'Elsewhere 2' }], mode: 'full' }),
  });
  await editor.deploy('full');
  await page.getByTestId('conflict-overwrite').click();
  await editor.expectDeployed();
  const after = await runtime.flows();
  expect(after.flows[0]?.name).toBe('Elsewhere');
  expect(after.flows[0]?.nodes).toHaveLength(1);
});
