/**
 * Runs the simulated PLC until Ctrl-C:
 *   npx tsx packages/sim-plc/src/cli.ts [--port 4840] [--host 127.0.0.1] [--seed 1] [--tick-ms 100]
 *                                        [--time-scale 1] [--pki <folder>] [--user name:password]
 */
import { parseArgs } from 'node:util';
import { startSimPlc } from './sim-plc.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4840' },
    host: { type: 'string', default: '127.0.0.1' },
    seed: { type: 'string', default: '1' },
    'tick-ms': { type: 'string', default: '100' },
    'time-scale': { type: 'string', default: '1' },
    pki: { type: 'string' },
    user: { type: 'string', multiple: true },
  },
});

const number = (name: string, raw: string | undefined): number => {
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, got "${raw}"`);
  return n;
};
const users = (values.user ?? []).map((u) => {
  const at = u.indexOf(':');
  if (at < 1) throw new Error(`--user must be name:password, got "${u}"`);
  return { username: u.slice(0, at), password: u.slice(at + 1) };
});

const plc = await startSimPlc({
  port: number('port', values.port),
  host: values.host,
  seed: number('seed', values.seed),
  tickMs: number('tick-ms', values['tick-ms']),
  timeScale: number('time-scale', values['time-scale']),
  users,
  ...(values.pki ? { pkiFolder: values.pki } : {}),
});
console.log(`simulated PLC listening at ${plc.endpointUrl} (namespace ${plc.namespaceUri})`);
const shutdown = () => {
  void plc.stop().then(() => process.exit(0));
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
