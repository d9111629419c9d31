import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigNode } from '@millwright/model';
import { runFlow, type FlowHarness } from '@millwright/sdk';
import { copyTestPki } from '@millwright/sim-plc';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { nodes } from '../index.js';
import { startPlcProcess, type PlcProcess } from '../opcua-endpoint/plc-process.js';
import { flowOf, until } from '../opcua-endpoint/test-fixtures.js';

/*
 * The PLC runs in a child process, so a test can freeze it with SIGSTOP: its sockets stay open and
 * the kernel keeps accepting the client's bytes, but nothing answers, as with a hung PLC. SIGCONT
 * resumes it, and it then handles what arrived meanwhile: a write sent into the freeze is applied late.
 */
const SETPOINT = 'ns=1;s=Line1.Machine1.TemperatureSetpoint';
let dir: string;
let plc: PlcProcess;
let clientPki: string;
let plcPki: string;
let h: FlowHarness | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'millwright-opcua-outcome-'));
  const pki = await copyTestPki(dir);
  clientPki = pki.client;
  plcPki = pki.plc;
  plc = await startPlcProcess({ pkiFolder: plcPki, simulate: false, seed: 1 });
});
afterAll(async () => {
  await plc?.close();
  await rm(dir, { recursive: true, force: true });
});
afterEach(async () => {
  plc.resume(); // a failed test must not leave the PLC frozen for the next one
  await h?.stop();
  h = undefined;
});

function endpoint(): ConfigNode {
  return {
    id: 'plc',
    type: 'opcua-endpoint',
    typeVersion: 1,
    config: {
      endpointUrl: plc.endpointUrl,
      pkiFolder: clientPki,
      trustUnknownServerCertificates: true,
      reconnectMaxDelayMs: 200,
      requestTimeoutMs: 5_000,
      watchdogMs: 1_000,
    },
  };
}

async function start(config: Record<string, unknown>): Promise<FlowHarness> {
  h = await runFlow(
    flowOf(
      [{ id: 'write', type: 'opcua-write', config: { endpoint: 'plc', nodeId: SETPOINT, ...config } }],
      [endpoint()],
    ),
    nodes,
  );
  // One write while the PLC answers: the connection is up and the variable's type is known.
  h.send('write', { payload: 50, orderId: 'warm-up' });
  await h.waitForOutputs('write', 1, { timeoutMs: 15_000 });
  return h;
}

const writes = async () => (await plc.query()).writeCount;
const setpoint = async () => (await plc.query()).snapshot.machines[0]?.temperatureSetpoint;

describe('opcua-write against a frozen PLC (SIGSTOP / SIGCONT of its process)', () => {
  it('reports outcome_unknown, not retryable, within the watchdog period; the PLC applies the write when it resumes', async () => {
    const h = await start({});
    const before = await writes();
    plc.freeze();
    const sent = Date.now();
    h.send('write', { payload: 61 });
    await until(() => h.errors('write').length === 1, 'the write error', 10_000);
    const took = Date.now() - sent;
    expect(h.errors('write')[0]?.error).toMatchObject({
      code: 'outcome_unknown',
      kind: 'operational',
      retryable: false,
      message: expect.stringMatching(/may or may not have been applied/),
    });
    expect(took).toBeLessThan(3_000); // watchdogMs 1000: noticed within 0.5..1 s (slack for a loaded machine)
    plc.resume();
    // Why the outcome is unknown and not "failed": the frozen PLC still had the request.
    await expect.poll(setpoint, { timeout: 10_000 }).toBe(61);
    expect(await writes()).toBe(before + 1);
    console.log(`frozen PLC: outcome_unknown after ${took} ms (watchdogMs 1000)`);
  });

  it('with verify read-back, reads the variable once reconnected and reports applied', async () => {
    const h = await start({ verify: 'read-back', verifyTimeoutMs: 10_000 });
    const before = await writes();
    plc.freeze();
    h.send('write', { payload: 62 });
    // The connection is lost within the watchdog period; the node then waits for it to come back.
    await until(() => h.statuses('write').at(-1)?.status?.fill === 'red', 'a red badge', 5_000);
    plc.resume();
    const [, out] = await h.waitForOutputs('write', 2, { timeoutMs: 10_000 });
    expect(out).toMatchObject({ payload: 62, opcua: { nodeId: SETPOINT, outcome: 'applied', verified: 'read-back' } });
    expect(h.errors('write')).toEqual([]);
    expect(await writes()).toBe(before + 1);
  });

  it('with write-once, a retried message does not write twice (counted at the PLC)', async () => {
    // Keyed by a field of the message: a copy (fan-out, the message a catch node passes on) gets a new id.
    const h = await start({ writeOnce: true, writeOnceKey: 'orderId' });
    const before = await writes();
    plc.freeze();
    h.send('write', { orderId: 'order-7', payload: 63 });
    await until(() => h.errors('write').length === 1, 'outcome_unknown', 10_000);
    plc.resume();
    await expect.poll(setpoint, { timeout: 10_000 }).toBe(63);
    // The flow retries the same message: refused without writing, the outcome is still unknown.
    h.send('write', { orderId: 'order-7', payload: 63 });
    await until(() => h.errors('write').length === 2, 'the second error', 10_000);
    expect(h.errors('write')[1]?.error).toMatchObject({
      code: 'outcome_unknown',
      retryable: false,
      message: expect.stringMatching(/key "order-7" not sent again/),
    });
    // A new key writes; a confirmed key sent again passes on as a duplicate without writing.
    h.send('write', { orderId: 'order-8', payload: 64 });
    h.send('write', { orderId: 'order-8', payload: 64 });
    const [, first, second] = await h.waitForOutputs('write', 3, { timeoutMs: 10_000 });
    expect(first?.opcua).toMatchObject({ outcome: 'applied', statusCode: 'Good' });
    expect(second?.opcua).toMatchObject({ outcome: 'duplicate' });
    expect(await writes()).toBe(before + 2);
  });

  it('with write-once and read-back, a retry settles an earlier unknown outcome by reading instead of writing', async () => {
    // A verify wait shorter than the freeze: the first attempt ends outcome_unknown, its key "sent".
    const h = await start({ writeOnce: true, writeOnceKey: 'orderId', verify: 'read-back', verifyTimeoutMs: 300 });
    const before = await writes();
    plc.freeze();
    h.send('write', { orderId: 'order-9', payload: 66 });
    await until(() => h.errors('write').length === 1, 'outcome_unknown', 10_000);
    expect(h.errors('write')[0]?.error).toMatchObject({ code: 'outcome_unknown', message: /read-back failed/ });
    plc.resume();
    await expect.poll(setpoint, { timeout: 10_000 }).toBe(66);
    h.send('write', { orderId: 'order-9', payload: 66 });
    const [, retried] = await h.waitForOutputs('write', 2, { timeoutMs: 10_000 });
    expect(retried?.opcua).toMatchObject({ outcome: 'duplicate', verified: 'read-back' });
    expect(await writes()).toBe(before + 1);
  });

  // Last: it replaces the PLC process.
  it('with verify read-back, reports not_applied when the PLC crashed with the write unhandled', async () => {
    const h = await start({ verify: 'read-back', verifyTimeoutMs: 15_000 });
    plc.freeze();
    h.send('write', { payload: 71 }); // the new PLC starts at its initial setpoint (65)
    await until(() => h.statuses('write').at(-1)?.status?.fill === 'red', 'a red badge', 5_000);
    const port = Number(new URL(plc.endpointUrl).port);
    await plc.kill(); // the request dies unread in the frozen process
    plc = await startPlcProcess({ pkiFolder: plcPki, simulate: false, seed: 1, port });
    await until(() => h.errors('write').length === 1, 'the verified error', 15_000);
    expect(h.errors('write')[0]?.error).toMatchObject({
      code: 'opcua_write_not_applied',
      kind: 'operational',
      retryable: true,
      message: expect.stringMatching(/not_applied/),
    });
    expect(await setpoint()).toBe(65);
    expect(await writes()).toBe(0); // the new PLC was never asked to write
  });
});
