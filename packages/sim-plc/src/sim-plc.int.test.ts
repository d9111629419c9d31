import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AttributeIds,
  DataType,
  MessageSecurityMode,
  OPCUACertificateManager,
  OPCUAClient,
  SecurityPolicy,
  StatusCodes,
  UserTokenType,
  type ClientSession,
} from 'node-opcua';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimPlc, type SimPlc } from './sim-plc.js';
import { copyTestPki } from './test-pki.js';

let dir: string;
let plc: SimPlc;
let client: OPCUAClient;
let session: ClientSession;

const read = async (id: string) =>
  (await session.read({ nodeId: `ns=1;s=Line1.${id}`, attributeId: AttributeIds.Value })).value.value as unknown;
const write = (id: string, dataType: DataType, value: unknown) =>
  session.write({
    nodeId: `ns=1;s=Line1.${id}`,
    attributeId: AttributeIds.Value,
    value: { value: { dataType, value } },
  });
const makeClient = () =>
  OPCUAClient.create({
    endpointMustExist: false,
    securityMode: MessageSecurityMode.None,
    securityPolicy: SecurityPolicy.None,
    clientCertificateManager: new OPCUACertificateManager({
      rootFolder: join(dir, 'client'),
      automaticallyAcceptUnknownCertificate: true,
    }),
    connectionStrategy: { maxRetry: 0, initialDelay: 50 },
  });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sim-plc-test-'));
  await copyTestPki(dir);
  plc = await startSimPlc({
    seed: 21,
    tickMs: 50,
    pkiFolder: join(dir, 'plc'),
    users: [{ username: 'op', password: 's3cret' }],
  });
  client = makeClient();
  await client.connect(plc.endpointUrl);
  session = await client.createSession();
});

afterAll(async () => {
  await session?.close().catch(() => undefined);
  await client?.disconnect();
  await plc?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('simulated PLC', () => {
  it('listens on 127.0.0.1 and exposes the line with realistic values', async () => {
    expect(plc.endpointUrl).toBe(`opc.tcp://127.0.0.1:${plc.port}`);
    expect(await read('WorkOrder')).toBe('WO-1000');
    expect(['running', 'idle', 'down']).toContain(await read('Machine1.State'));
    const temperature = await read('Machine1.Temperature');
    expect(temperature).toBeGreaterThan(55);
    expect(temperature).toBeLessThan(75);
    expect(await read('Machine2.TemperatureSetpoint')).toBe(55);
    const eu = await session.read({ nodeId: 'ns=1;s=Line1.Machine1.Pressure', attributeId: AttributeIds.DataType });
    expect(eu.value.value.toString()).toBe('ns=0;i=11'); // Double
  });

  it('advances on its timer', async () => {
    plc.setState({ state: 'running' });
    const before = await read('Machine1.Temperature');
    let changed = false;
    for (let i = 0; i < 20 && !changed; i++) {
      await new Promise((r) => setTimeout(r, 50));
      changed = (await read('Machine1.Temperature')) !== before;
    }
    expect(changed).toBe(true);
    plc.setState({ state: 'auto' });
  });

  it('applies setState at once', async () => {
    plc.setState({ machine: 'Machine2', state: 'down', reasonCode: 203, goodCount: 4242 });
    expect(await read('Machine2.State')).toBe('down');
    expect(await read('Machine2.ReasonCode')).toBe(203);
    expect(await read('Machine2.ReasonText')).toBe('Electrical fault');
    expect(await read('Machine2.GoodCount')).toBe(4242);
    expect(await read('Machine1.ReasonCode')).toBe(102); // blocked by the stopped downstream machine
    plc.setState({ machine: 'Machine2', state: 'auto' });
  });

  it('accepts writes of the setpoint and the work order, refusing out-of-range setpoints', async () => {
    expect((await write('Machine1.TemperatureSetpoint', DataType.Double, 72.5)).name).toBe('Good');
    expect(plc.snapshot().machines[0]?.temperatureSetpoint).toBe(72.5);
    expect(await write('Machine1.TemperatureSetpoint', DataType.Double, 250)).toEqual(StatusCodes.BadOutOfRange);
    expect(await write('Machine1.GoodCount', DataType.UInt32, 1)).toEqual(StatusCodes.BadNotWritable);
    expect((await write('WorkOrder', DataType.String, 'WO-7')).name).toBe('Good');
    expect(plc.snapshot().workOrder).toBe('WO-7');
    expect(plc.snapshot().machines[0]?.goodCount).toBeLessThan(3); // counters restarted for the new order
  });

  it('stops a machine with the reason code written to StopCode and starts it with 0', async () => {
    expect((await write('Machine1.StopCode', DataType.Int32, 204)).name).toBe('Good');
    const m1 = plc.snapshot().machines[0];
    expect([m1?.state, m1?.reasonText, m1?.stopCode]).toEqual(['down', 'Changeover', 204]);
    expect(await write('Machine1.StopCode', DataType.Int32, 999)).toEqual(StatusCodes.BadOutOfRange);
    expect(plc.snapshot().machines[0]?.reasonCode).toBe(204);
    expect((await write('Machine1.StopCode', DataType.Int32, 0)).name).toBe('Good');
    expect(plc.snapshot().machines[0]?.stopCode).toBe(0);
  });

  it('accepts its user accounts and refuses wrong passwords', async () => {
    const s = await client.createSession({ type: UserTokenType.UserName, userName: 'op', password: 's3cret' });
    expect(s.sessionId).toBeDefined();
    await s.close();
    await expect(
      client.createSession({ type: UserTokenType.UserName, userName: 'op', password: 'wrong' }),
    ).rejects.toThrow(/BadUserAccessDenied|BadIdentityTokenRejected|BadIdentityTokenInvalid/);
  });

  it('stop() closes the port and is idempotent', async () => {
    const other = await startSimPlc({ simulate: false, pkiFolder: join(dir, 'plc') });
    await Promise.all([other.stop(), other.stop()]);
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect(other.port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(false)));
      socket.once('error', () => resolve(true));
    });
    expect(refused).toBe(true);
  });
});
