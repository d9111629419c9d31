/**
 * `npm run bench:modbus`: Modbus TCP polls per second against the simulated slave on loopback, one
 * poll after the other (as one modbus-read with a short pollMs does), median of several runs:
 *
 * - `connection`: readSpan on the client connection (modbus-serial plus the request queue), 100
 *   holding registers as uint16 (one request), and 100 float32 (200 registers, split in 2 requests)
 * - `flow node`: a modbus-read node in a running flow, message in -> message out, 100 uint16
 *
 *   --runs R       repetitions (default 5)
 *   --seconds S    length of one run (default 2)
 */
import { parseArgs } from 'node:util';
import type { FlowMessage } from '@millwright/model';
import { runFlow } from '@millwright/sdk';
import { nodes } from '../nodes/modbus/index.js';
import { ModbusConnection } from '../nodes/modbus/modbus-client/modbus-connection.js';
import { readSpan, type Span } from '../nodes/modbus/lib/transfer.js';
import { clientNode, flowOf, LOOPBACK, startSlaveFixture } from '../nodes/modbus/testing/modbus-fixture.js';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, seconds: { type: 'string', default: '2' } },
});
const RUNS = Number(values.runs);
const MS = Number(values.seconds) * 1000;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const silent = { debug() {}, info() {}, warn() {}, error() {} };

async function pollsPerSecond(poll: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 50; i++) await poll(); // warm up
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < MS) {
    await poll();
    n++;
  }
  return (n * 1000) / (performance.now() - start);
}

const fx = await startSlaveFixture();
const rows: Array<{ what: string; runs: number[] }> = [];

const connection = new ModbusConnection(
  {
    host: '127.0.0.1',
    port: fx.slave.port,
    unitId: 1,
    timeoutMs: 2_000,
    reconnectMinMs: 100,
    reconnectMaxMs: 1_000,
    required: true,
  },
  { confinement: LOOPBACK, log: silent },
);
connection.start();
const span = (dataType: Span['dataType']): Span => ({
  area: 'holding-registers',
  address: 1000,
  quantity: 100,
  dataType,
  order: 'ABCD',
});
for (const [what, s] of [
  ['connection: 100 registers (uint16, 1 request)', span('uint16')],
  ['connection: 100 float32 (200 registers, 2 requests)', span('float32')],
] as const) {
  const runs: number[] = [];
  for (let r = 0; r < RUNS; r++) runs.push(await pollsPerSecond(() => readSpan(connection, s)));
  rows.push({ what, runs });
}
await connection.close();

const h = await runFlow(
  flowOf(
    [{ id: 'read', type: 'modbus-read', config: { client: 'dev', address: 1000, quantity: 100 } }],
    [clientNode(fx)],
  ),
  nodes,
  { confinement: LOOPBACK },
);
let sent = 0;
const pollNode = async (): Promise<FlowMessage | undefined> => {
  h.send('read', {});
  sent++;
  const out = await h.waitForOutputs('read', sent, { timeoutMs: 5_000 });
  return out[sent - 1];
};
const flowRuns: number[] = [];
for (let r = 0; r < RUNS; r++) flowRuns.push(await pollsPerSecond(pollNode));
rows.push({ what: 'flow node: modbus-read, 100 registers (uint16)', runs: flowRuns });
await h.stop();
await fx.stop();

console.log(`Modbus TCP polls per second, loopback, ${RUNS} runs of ${MS / 1000} s, median (min..max)`);
for (const row of rows)
  console.log(
    `  ${row.what.padEnd(52)} ${median(row.runs).toFixed(0).padStart(6)} /s  (${Math.min(...row.runs).toFixed(0)}..${Math.max(...row.runs).toFixed(0)}), ${(1000 / median(row.runs)).toFixed(2)} ms per poll`,
  );
