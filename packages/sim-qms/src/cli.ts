/**
 * Runs the simulated QMS until Ctrl-C:
 *   npx tsx packages/sim-qms/src/cli.ts [--port 8092] [--host 127.0.0.1] [--auto-ms 30000 --auto release]
 * Type `<CAPA id> release` or `<CAPA id> scrap` and Enter to decide a CAPA, or
 * `curl -XPOST localhost:8092/api/capa/CAPA-0001/disposition -H 'content-type: application/json' -d '{"disposition":"release"}'`.
 */
import { parseArgs } from 'node:util';
import { DISPOSITIONS, startSimQms, type Disposition } from './sim-qms.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8092' },
    host: { type: 'string', default: '127.0.0.1' },
    'auto-ms': { type: 'string' },
    auto: { type: 'string', default: 'release' },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535)
  throw new Error(`--port must be 0-65535, got "${values.port}"`);
const auto = values.auto as Disposition;
if (!DISPOSITIONS.includes(auto)) throw new Error(`--auto must be one of ${DISPOSITIONS.join(', ')}`);
const autoMs = values['auto-ms'] !== undefined ? Number(values['auto-ms']) : undefined;

const qms = await startSimQms({
  port,
  host: values.host,
  ...(autoMs !== undefined ? { autoDisposition: { afterMs: autoMs, disposition: auto } } : {}),
});
console.log(`simulated QMS at ${qms.url}; received: ${qms.url}/api/_received`);
process.stdin.setEncoding('utf8').on('data', (line: string) => {
  const [capaId = '', decision = ''] = line.trim().split(/\s+/);
  try {
    if (!DISPOSITIONS.includes(decision as Disposition)) throw new Error(`say "<CAPA id> release|scrap"`);
    const capa = qms.disposition(capaId, decision as Disposition);
    console.log(`${capa.capaId}: lot ${capa.lot ?? '?'} ${capa.disposition ?? ''}`);
  } catch (err) {
    console.log((err as Error).message);
  }
});
const shutdown = () => void qms.stop().then(() => process.exit(0));
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
process.stdin.once('end', shutdown);
