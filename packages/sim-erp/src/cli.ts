/**
 * Runs the simulated ERP until Ctrl-C:
 *   npx tsx packages/sim-erp/src/cli.ts [--port 8090] [--host 127.0.0.1] [--record receipts.json] [--mode ok]
 * Switch modes by typing one (ok, fail500, timeout, drop-response, down) and Enter, or with
 * `curl -XPOST localhost:8090/api/_mode -H 'content-type: application/json' -d '{"mode":"fail500"}'`
 * (in `down` the listener is closed, so only the typed command brings it back).
 */
import { parseArgs } from 'node:util';
import { SIM_ERP_MODES, startSimErp, type SimErpMode } from './sim-erp.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8090' },
    host: { type: 'string', default: '127.0.0.1' },
    record: { type: 'string' },
    mode: { type: 'string', default: 'ok' },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535)
  throw new Error(`--port must be 0-65535, got "${values.port}"`);
const mode = values.mode as SimErpMode;
if (!SIM_ERP_MODES.includes(mode)) throw new Error(`--mode must be one of ${SIM_ERP_MODES.join(', ')}`);

const erp = await startSimErp({ port, host: values.host, ...(values.record ? { recordFile: values.record } : {}) });
await erp.setMode(mode);
console.log(`simulated ERP at ${erp.url} (mode ${erp.mode}); work orders: ${erp.url}/api/work-orders`);
process.stdin.setEncoding('utf8').on('data', (line: string) => {
  const next = line.trim() as SimErpMode;
  if (!SIM_ERP_MODES.includes(next)) console.log(`modes: ${SIM_ERP_MODES.join(', ')}`);
  else void erp.setMode(next).then(() => console.log(`mode ${erp.mode}`));
});
const shutdown = () => {
  void erp.stop().then(() => process.exit(0));
};
process.once('SIGINT', shutdown);
process.stdin.once('end', shutdown);
process.once('SIGTERM', shutdown);
