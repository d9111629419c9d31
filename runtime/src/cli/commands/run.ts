import { createRuntime } from '../../runtime.js';
import { checkFlows } from '../../deploy/check-flows.js';
import { readBundle } from '../../snapshots/bundle.js';
import { packagesOf } from '../../snapshots/snapshot-facts.js';
import { createLogger, DEFAULT_LOGGED_EVENTS } from '../../logging/log-events.js';
import { routeProcessOutput } from '../../logging/process-output.js';
import {
  isolationOption,
  ISOLATION_HELP,
  NODES_HELP,
  NODES_OPTION,
  parseCommandArgs,
  portOption,
  UsageError,
  type Command,
} from '../command.js';
import { checkFlowFiles } from '../flow-file-check.js';
import { METRICS_HELP, METRICS_OPTION, metricsOption } from '../metrics-option.js';
import { loadCliRegistry, nodeSources } from '../node-sources.js';
import { exitOnSignal } from '../shutdown.js';

/** `millwright run <flow.json...>`: headless, no admin API, no storage writes (node data only with --data-dir). */
export const runCommand: Command = {
  name: 'run',
  usage: `Usage: millwright run <flow.json|dir>... [options]
       millwright run --bundle <file> [options]

Validates and deploys the given flows without the editor or admin API and without writing any
files (except node data, such as outbox journals, under --data-dir). Logs JSON lines to stdout, including every debug node output as { "event": "debug", ... },
and serves /healthz and /metrics on 127.0.0.1. Stops cleanly on SIGINT or SIGTERM.
Exits with 1 and one { "event": "invalid-flow", "file", "path" } line per fault when a flow is invalid.
--bundle runs the flows of a bundle (millwright export --bundle) and logs a warning per node
package whose installed version differs from the bundle's.

Options:
  --health-port <n>   port of /healthz and /metrics (default 0: any free port, logged)
  --data-dir <dir>    where nodes keep durable files (outbox journals); without it they stay in memory
  --port <n>          same as --health-port
  --bundle <file>     run the flows of a bundle instead of flow files
${NODES_HELP}
${ISOLATION_HELP}
${METRICS_HELP}
  -h, --help          show this help`,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, {
      'health-port': { type: 'string' },
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      bundle: { type: 'string' },
      isolation: { type: 'string' },
      ...NODES_OPTION,
      ...METRICS_OPTION,
    });
    if (!positionals.length && !values.bundle) throw new UsageError('give at least one flow file or directory');
    if (positionals.length && values.bundle) throw new UsageError('give flow files or --bundle, not both');
    const isolation = isolationOption(values.isolation);
    const port = portOption(values['health-port'] ?? values.port, 0, '--health-port');
    const sources = nodeSources(values);
    const logger = createLogger();
    await routeProcessOutput(logger);
    const registry = await loadCliRegistry(sources, { out: (l) => logger.info(l), err: (l) => logger.error(l) });
    const bundle = values.bundle ? await readBundle(values.bundle) : undefined;
    if (bundle) {
      const here = new Map(packagesOf(sources.nodeModules, []).map((p) => [p.name, p.version]));
      for (const p of bundle.snapshot.packages)
        if (here.has(p.name) && p.version && here.get(p.name) !== p.version)
          logger.warn(
            { event: 'bundle-package-version', package: p.name, bundled: p.version, installed: here.get(p.name) },
            `node package ${p.name} is ${here.get(p.name) ?? '?'} here, ${p.version} in the bundle`,
          );
    }
    const check = bundle
      ? withFile(checkFlows(bundle.snapshot.flows, registry), values.bundle ?? '')
      : await checkFlowFiles(positionals, registry);
    if (!check.ok) {
      for (const f of check.faults)
        logger.error(
          { event: 'invalid-flow', file: f.file, path: f.path, code: f.code },
          `${f.file} ${f.path} ${f.message}`,
        );
      return 1;
    }
    const runtime = await createRuntime({
      port,
      nodeModules: sources.nodeModules,
      nodesDir: sources.nodesDir,
      nodeModulesDir: sources.nodeModulesDir,
      logger,
      adminApi: false,
      flows: check.flows,
      logEvents: [...DEFAULT_LOGGED_EVENTS, 'debug'],
      ...(values['data-dir'] !== undefined ? { nodeDataDir: values['data-dir'] } : {}),
      ...(isolation ? { isolation } : {}),
      metrics: metricsOption(values),
    });
    exitOnSignal(() => runtime.stop(), logger);
    await runtime.start();
    return new Promise<number>(() => undefined); // runs until a signal stops it
  },
};

/** A bundle's check in the shape of checkFlowFiles: every fault names the bundle file. */
function withFile(check: ReturnType<typeof checkFlows>, file: string): Awaited<ReturnType<typeof checkFlowFiles>> {
  return check.ok
    ? { ok: true, flows: check.flows, files: [] }
    : {
        ok: false,
        faults: check.issues.map((i) => ({ file, path: i.pathString, code: i.code, message: i.message })),
      };
}
