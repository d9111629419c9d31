import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Flow } from '@millwright/model';
import { copyTestPki, startSimPlc, type SimPlc } from '@millwright/sim-plc';
import { expect, test } from './fixtures.js';

let dir: string;
let plc: SimPlc;

test.beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'e2e-opcua-'));
  await copyTestPki(dir);
  plc = await startSimPlc({ simulate: false, pkiFolder: join(dir, 'plc') });
});

test.afterAll(async () => {
  await plc?.stop();
  await rm(dir, { recursive: true, force: true });
});

test('browse the sim PLC in the OPC UA tab and drag a variable onto the canvas as a read node', async ({
  editor,
  page,
  runtime,
}) => {
  const flow: Flow = {
    version: 1,
    id: 'line',
    name: 'Line 1',
    nodes: [],
    wires: [],
    configs: [
      {
        id: 'plc',
        type: 'opcua-endpoint',
        typeVersion: 1,
        name: 'sim PLC',
        config: {
          endpointUrl: plc.endpointUrl,
          pkiFolder: join(dir, 'client'),
          trustUnknownServerCertificates: true,
        },
      },
    ],
  };
  const res = await fetch(`${runtime.url}/api/flows`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ flows: [flow], mode: 'full' }),
  });
  expect(res.status).toBe(200);
  await page.reload();
  await expect(page.getByTestId('canvas')).toBeVisible();

  await page.getByTestId('tab-opcua').click();
  await page.getByTestId('opcua-browse').click();
  await page.getByTestId('opcua-node-1:Line1').getByRole('button').first().click();
  await page.getByTestId('opcua-node-1:Machine1').getByRole('button').first().click();
  const temperature = page.getByTestId('opcua-node-1:Temperature').first();
  await expect(temperature).toContainText('Double');
  await page.getByTestId('opcua-filter').fill('setpoint');
  await expect(page.getByTestId('opcua-node-1:TemperatureSetpoint').first()).toBeVisible();
  await expect(page.getByTestId('opcua-node-1:Temperature')).toHaveCount(0);
  await page.getByTestId('opcua-filter').fill('');
  await page.screenshot({ path: 'test-results/opcua-browser.png' });

  await temperature.dragTo(page.getByTestId('canvas'), { targetPosition: { x: 300, y: 250 } });
  const editorPanel = page.getByTestId('node-editor');
  await page.getByTestId('tab-properties').click();
  await expect(editorPanel).toBeVisible();
  await expect(page.getByTestId('field-items.0.nodeId')).toHaveValue(/Machine1\.Temperature/);
  await expect(page.getByTestId('field-items.0.name')).toHaveValue('Temperature');
  await expect(page.getByTestId('prop-name')).toHaveValue('Temperature');
  await expect(page.getByTestId('field-endpoint')).toHaveValue('plc');
  await editor.deploy();
  await editor.expectDeployed();

  // "use" adds a browsed variable to the selected read node.
  await page.getByTestId('tab-opcua').click();
  await page.getByTestId('opcua-use-1:Pressure').first().click();
  await page.getByTestId('tab-properties').click();
  await expect(page.getByTestId('field-items.1.nodeId')).toHaveValue(/Machine1\.Pressure/);
});
