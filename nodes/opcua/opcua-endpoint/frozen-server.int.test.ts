import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectionEvent, RuntimeEvent } from '@millwright/model';
import { runFlow, type FlowHarness } from '@millwright/sdk';
import { copyTestPki } from '@millwright/sim-plc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodes } from '../index.js';
import { startPlcProcess, type PlcProcess } from './plc-process.js';
import { flowOf, until } from './test-fixtures.js';

/*
 * A PLC process stopped with SIGSTOP keeps its sockets open: the kernel still accepts the client's
 * bytes, nothing answers. Before the watchdog this was noticed by node-opcua's keep-alive after
 * about 24 s (a ping after ~10 s idle, then its 15 s transaction timeout; measured 24.0 and 25.1 s).
 */
let dir: string;
let plc: PlcProcess;
let h: FlowHarness | undefined;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'millwright-opcua-frozen-'));
  const pki = await copyTestPki(dir);
  plc = await startPlcProcess({ pkiFolder: pki.plc, simulate: false });
  h = await runFlow(
    flowOf(
      [
        {
          id: 'sub',
          type: 'opcua-subscribe',
          config: { endpoint: 'plc', items: [{ nodeId: 'ns=1;s=Line1.Machine1.GoodCount', name: 'good' }] },
        },
      ],
      [
        {
          id: 'plc',
          type: 'opcua-endpoint',
          typeVersion: 1,
          config: {
            endpointUrl: plc.endpointUrl,
            pkiFolder: pki.client,
            trustUnknownServerCertificates: true,
            reconnectMaxDelayMs: 200,
            watchdogMs: 1_000,
          },
        },
      ],
    ),
    nodes,
  );
});
afterAll(async () => {
  await h?.stop();
  await plc?.close();
  await rm(dir, { recursive: true, force: true });
});

const connection = (state: ConnectionEvent['state'], after: number) => (e: RuntimeEvent) =>
  e.type === 'connection' && e.state === state && e.time >= after;

describe('opcua-endpoint watchdog against a frozen PLC (SIGSTOP / SIGCONT of its process)', () => {
  it('reports the connection down within watchdogMs, reconnects after SIGCONT and the subscription goes on', async () => {
    await h!.waitForEvent(connection('connected', 0), 15_000);
    await until(() => h!.outputs('sub').length === 1, 'the initial value');
    const frozen = Date.now();
    plc.freeze();
    const down = await h!.waitForEvent(connection('disconnected', frozen), 5_000);
    const detectedMs = down.time - frozen;
    expect(down).toMatchObject({ target: plc.endpointUrl, message: expect.stringMatching(/did not answer/) });
    expect(detectedMs).toBeLessThanOrEqual(3_000); // 0.5..1 s with watchdogMs 1000, slack for a loaded machine
    const resumed = Date.now();
    plc.resume();
    const up = await h!.waitForEvent(connection('connected', resumed), 10_000);
    console.log(
      `frozen PLC noticed after ${detectedMs} ms (watchdogMs 1000); connected ${up.time - resumed} ms after SIGCONT`,
    );
    await plc.query({ goodCount: 42 });
    await until(() => h!.outputs('sub').some((m) => m.payload === 42), 'the value set after the freeze');
  });
});
