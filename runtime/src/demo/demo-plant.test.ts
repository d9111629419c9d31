import { createServer, type Server } from 'node:net';
import { freePort } from '@millwright/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveDemoPorts, startDemoPlant } from './demo-plant.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

/** A port something listens on (127.0.0.1), so the demo cannot have it. */
async function takenPort(): Promise<number> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('demo plant ports', () => {
  it('uses a free default, and a free port instead of a taken default', async () => {
    const [free, taken] = [await freePort(), await takenPort()];
    expect(await resolveDemoPorts({}, { opcua: free, mqtt: taken, erp: 0, plm: 0, qms: taken, modbus: 0 })).toEqual({
      opcua: free,
      mqtt: 0,
      erp: 0,
      plm: 0,
      qms: 0,
      modbus: 0,
    });
  });

  it('keeps an explicit port that is free, and 0', async () => {
    const free = await freePort();
    const taken = await takenPort();
    expect(
      await resolveDemoPorts(
        { erp: free, mqtt: 0 },
        { opcua: taken, mqtt: taken, erp: taken, plm: taken, qms: taken, modbus: 0 },
      ),
    ).toEqual({ opcua: 0, mqtt: 0, erp: free, plm: 0, qms: 0, modbus: 0 });
  });

  it('fails naming an explicit port that is taken, even the default one', async () => {
    const taken = await takenPort();
    await expect(
      resolveDemoPorts({ mqtt: taken }, { opcua: 0, mqtt: 0, erp: 0, plm: 0, qms: 0, modbus: 0 }),
    ).rejects.toMatchObject({
      code: 'demo_port_in_use',
      message: `demo plant: port ${taken} for the MQTT broker is already in use on 127.0.0.1`,
    });
    await expect(
      resolveDemoPorts({ erp: taken }, { opcua: 0, mqtt: 0, erp: taken, plm: 0, qms: 0, modbus: 0 }),
    ).rejects.toThrow(`port ${taken} for the sim ERP`);
  });

  it('startDemoPlant refuses a taken explicit port before starting any simulator', async () => {
    const taken = await takenPort();
    await expect(startDemoPlant({ ports: { opcua: 0, mqtt: 0, erp: taken, plm: 0, qms: 0 } })).rejects.toThrow(
      `port ${taken} for the sim ERP is already in use`,
    );
  });
});
