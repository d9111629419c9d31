/**
 * Runs the simulated PLM until Ctrl-C:
 *   npx tsx packages/sim-plm/src/cli.ts [--port 8091] [--host 127.0.0.1]
 * Type a product (PART-A, PART-B) and Enter to release its next revision, or
 * `curl -XPOST localhost:8091/api/products/PART-A/release -H 'content-type: application/json' -d '{"temperatureSetpoint":68}'`.
 */
import { parseArgs } from 'node:util';
import { startSimPlm } from './sim-plm.js';

const { values } = parseArgs({
  options: { port: { type: 'string', default: '8091' }, host: { type: 'string', default: '127.0.0.1' } },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535)
  throw new Error(`--port must be 0-65535, got "${values.port}"`);

const plm = await startSimPlm({ port, host: values.host });
console.log(`simulated PLM at ${plm.url}; products: ${plm.url}/api/products`);
process.stdin.setEncoding('utf8').on('data', (line: string) => {
  const product = line.trim();
  try {
    const rev = plm.release(product);
    console.log(`${rev.product} revision ${rev.revision}: ${rev.temperatureSetpoint} °C (release ${rev.seq})`);
  } catch (err) {
    console.log(
      `${(err as Error).message}; products: ${plm
        .current()
        .map((r) => r.product)
        .join(', ')}`,
    );
  }
});
const shutdown = () => void plm.stop().then(() => process.exit(0));
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
process.stdin.once('end', shutdown);
