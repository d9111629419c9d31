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

test('browse the sim PLC with values and access levels, drag a variable as a nsu= read, and see NodeId faults', async ({
  editor,
  page,
  runtime,
}) => {
  plc.setState({ temperatureSetpoint: 66.5, goodCount: 1234 });
  const flow: Flow = {
    version: 1,
    id: 'line',
    name: 'Line 1',
    // An inject and a debug for the read node dragged in below.
    nodes: [
      { id: 'go', type: 'inject', typeVersion: 1, position: { x: 80, y: 80 }, config: {} },
      { id: 'out', type: 'debug', typeVersion: 1, position: { x: 560, y: 80 }, config: {} },
    ],
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
  const deploy = (flows: Flow[]) =>
    fetch(`${runtime.url}/api/flows`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ flows, mode: 'full' }),
    });
  expect((await deploy([flow])).status).toBe(200);
  await page.reload();
  await expect(page.getByTestId('canvas')).toBeVisible();

  // The tree: data type, access level (R W H) and the current value of each variable.
  await page.getByTestId('tab-opcua').click();
  await page.getByTestId('opcua-browse').click();
  await page.getByTestId('opcua-node-1:Line1').getByRole('button').first().click();
  await page.getByTestId('opcua-node-1:Machine1').getByRole('button').first().click();
  const temperature = page.getByTestId('opcua-node-1:Temperature').first();
  await expect(temperature).toContainText('Double');
  await expect(temperature.getByTestId('opcua-access')).toHaveAttribute(
    'title',
    'read: yes · write: no · history read: no',
  );
  const setpoint = page.getByTestId('opcua-node-1:TemperatureSetpoint').first();
  await expect(setpoint.getByTestId('opcua-value-1:TemperatureSetpoint')).toHaveText('66.5');
  await expect(setpoint.getByTestId('opcua-access')).toHaveAttribute(
    'title',
    'read: yes · write: yes · history read: no',
  );
  await expect(page.getByTestId('opcua-value-1:GoodCount').first()).toHaveText('1234');
  // A click on a value reads the branch again.
  plc.setState({ goodCount: 1240 });
  await page.getByTestId('opcua-value-1:GoodCount').first().click();
  await expect(page.getByTestId('opcua-value-1:GoodCount').first()).toHaveText('1240');

  // Search by name, and by data type.
  await page.getByTestId('opcua-filter').fill('setpoint');
  await expect(setpoint).toBeVisible();
  await expect(page.getByTestId('opcua-node-1:Temperature')).toHaveCount(0);
  await page.getByTestId('opcua-filter').fill('type:UInt32');
  await expect(page.getByTestId('opcua-node-1:GoodCount').first()).toBeVisible();
  await expect(page.getByTestId('opcua-node-1:TemperatureSetpoint')).toHaveCount(0);
  await page.getByTestId('opcua-filter').fill('');
  await page.screenshot({ path: 'test-results/opcua-browser.png' });

  // Dragged onto the canvas: an opcua-read with the NodeId in the nsu= form.
  await temperature.dragTo(page.getByTestId('canvas'), { targetPosition: { x: 320, y: 250 } });
  const editorPanel = page.getByTestId('node-editor');
  await page.getByTestId('tab-properties').click();
  await expect(editorPanel).toBeVisible();
  const read = await editorPanel.getAttribute('data-node-id');
  if (!read) throw new Error('the dropped read node is not selected');
  const nsuTemperature = `nsu=${plc.namespaceUri};s=Line1.Machine1.Temperature`;
  await expect(page.getByTestId('field-items.0.nodeId')).toHaveValue(nsuTemperature);
  await expect(page.getByTestId('field-items.0.name')).toHaveValue('Temperature');
  await expect(page.getByTestId('prop-name')).toHaveValue('Temperature');
  await expect(page.getByTestId('field-endpoint')).toHaveValue('plc');
  await editor.wire('go', read);
  await editor.wire(read, 'out');
  await editor.deploy();
  await editor.expectDeployed();
  // The deployed node reads the value through the nsu= NodeId.
  await page.getByTestId('inject-go').click();
  const entries = await editor.debugEntries();
  await expect(entries).toHaveCount(1);
  await expect(entries.first().getByTestId('debug-value')).toHaveText(/^-?\d+(\.\d+)?$/);
  await expect(page.getByTestId(`status-${read}`)).toHaveText('connected');

  // "use" adds a browsed variable to the selected read node, also as nsu=.
  await page.getByTestId('tab-properties').click();
  await editor.select(read);
  await page.getByTestId('tab-opcua').click();
  await page.getByTestId('opcua-use-1:Pressure').first().click();
  await page.getByTestId('tab-properties').click();
  await expect(page.getByTestId('field-items.1.nodeId')).toHaveValue(
    `nsu=${plc.namespaceUri};s=Line1.Machine1.Pressure`,
  );
  await page.getByTestId('remove-items.1').click();

  // A malformed NodeId: inline error, the deploy is refused; the runtime refuses it with the path too.
  await page.getByTestId('field-items.0.nodeId').fill('ns=2;x=foo');
  await expect(page.getByTestId('error-items.0.nodeId')).toHaveText(
    '"x=" is not an identifier type: use i= (number), s= (string), g= (GUID) or b= (base64)',
  );
  await expect(page.getByTestId(`invalid-${read}`)).toBeVisible();
  await editor.deploy();
  await expect(page.getByTestId('toast-error')).toContainText('Not deployed: 1 problem');
  const refused = await deploy([
    {
      ...flow,
      nodes: [
        ...flow.nodes,
        {
          id: 'bad',
          type: 'opcua-read',
          typeVersion: 1,
          position: { x: 0, y: 0 },
          config: { endpoint: 'plc', items: [{ nodeId: 'ns=abc;i=1' }] },
        },
      ],
    },
  ]);
  expect(refused.status).toBe(400);
  expect(JSON.stringify(await refused.json())).toContain('[0].nodes[2].config.items[0].nodeId');

  // Well formed but unknown to the server: deployed, and the node turns red with the status explained.
  await page.getByTestId('field-items.0.nodeId').fill('ns=1;s=Line1.NoSuchTag');
  await expect(page.getByTestId('error-items.0.nodeId')).toHaveCount(0);
  await editor.deploy();
  await editor.expectDeployed();
  await page.getByTestId('inject-go').click();
  await expect(page.getByTestId(`status-${read}`)).toHaveText(
    'BadNodeIdUnknown: the node does not exist on the server (ns=1;s=Line1.NoSuchTag)',
  );
  await expect(page.getByTestId(`status-${read}`).locator('.mw-status-dot')).toHaveClass(/red/);
  await page.screenshot({ path: 'test-results/opcua-nodeid-refused.png' });
});
