/**
 * How fast an OPC UA endpoint notices a frozen PLC, and how fast it is back after the PLC resumes:
 *
 *   node --conditions=@millwright/source --import tsx bench/opcua-frozen.ts [--watchdog-ms 5000,1000] [--runs 3]
 *
 * The sim PLC runs in a child process; each run connects, waits a random 0..2 s, stops the PLC
 * with SIGSTOP (its sockets stay open, as with a hung PLC), and times until the connection reports
 * itself down, then resumes it with SIGCONT and times until it is connected again. A watchdog of
 * 600000 ms leaves the detection to node-opcua's own keep-alive (the behaviour before issue 22).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { copyTestPki } from '@millwright/sim-plc';
import { opcuaEndpointConfig } from '../nodes/opcua/opcua-endpoint/config.js';
import { OpcuaConnection } from '../nodes/opcua/opcua-endpoint/opcua-connection.js';
import { startPlcProcess } from '../nodes/opcua/opcua-endpoint/plc-process.js';

const { values } = parseArgs({
  options: { 'watchdog-ms': { type: 'string', default: '5000,1000' }, runs: { type: 'string', default: '3' } },
});
const watchdogs = (values['watchdog-ms'] ?? '').split(',').map(Number);
const runs = Number(values.runs);
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const dir = await mkdtemp(join(tmpdir(), 'millwright-bench-frozen-'));
const pki = await copyTestPki(dir);
const plc = await startPlcProcess({ pkiFolder: pki.plc, simulate: false });
try {
  for (const watchdogMs of watchdogs) {
    const detected: number[] = [];
    const back: number[] = [];
    for (let run = 0; run < runs; run++) {
      const config = opcuaEndpointConfig.parse({
        endpointUrl: plc.endpointUrl,
        pkiFolder: pki.client,
        trustUnknownServerCertificates: true,
        reconnectMaxDelayMs: 500,
        watchdogMs,
      });
      const connection = new OpcuaConnection(config, undefined, silent);
      connection.start();
      await connection.session(15_000);
      await sleep(Math.random() * 2_000);
      const frozen = Date.now();
      plc.freeze();
      await new Promise<void>((resolve) => {
        const stop = connection.onStatus((s) => {
          if (s.state === 'connected') return;
          queueMicrotask(() => stop());
          resolve();
        });
      });
      detected.push(Date.now() - frozen);
      const resumed = Date.now();
      plc.resume();
      await connection.session(30_000);
      back.push(Date.now() - resumed);
      await connection.close();
    }
    const fmt = (xs: number[]) => xs.map((x) => `${(x / 1000).toFixed(2)} s`).join(', ');
    console.log(
      `watchdogMs ${watchdogMs}: frozen PLC noticed after ${fmt(detected)}; connected again ${fmt(back)} after SIGCONT`,
    );
  }
} finally {
  await plc.close();
  await rm(dir, { recursive: true, force: true });
}
