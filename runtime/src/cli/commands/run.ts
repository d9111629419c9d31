import { createRuntime } from '../../runtime.js';
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

Validates and deploys the given flows without the editor or admin API and without writing any
files (except node data, such as outbox journals, under --data-dir). Logs JSON lines to stdout, including every debug node output as { "event": "debug", ... },
and serves /healthz and /metrics on 127.0.0.1. Stops cleanly on SIGINT or SIGTERM.
Exits with 1 and one { "event": "invalid-flow", "file", "path" } line per fault when a flow is invalid.

Options:
  --health-port <n>   port of /healthz and /metrics (default 0: any free port, logged)
  --data-dir <dir>    where nodes keep durable files (outbox journals); without it they stay in memory
  --port <n>          same as --health-port
${NODES_HELP}
${ISOLATION_HELP}
${METRICS_HELP}
  -h, --help          show this help`,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, {
      'health-port': { type: 'string' },
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      isolation: { type: 'string' },
      ...NODES_OPTION,
      ...METRICS_OPTION,
    });
    if (!positionals.length) throw new UsageError('give at least one flow file or directory');
    const isolation = isolationOption(values.isolation);
    const port = portOption(values['health-port'] ?? values.port, 0, '--health-port');
    const sources = nodeSources(values);
    const logger = createLogger();
    await routeProcessOutput(logger);
    const registry = await loadCliRegistry(sources, { out: (l) => logger.info(l), err: (l) => logger.error(l) });
    const check = await checkFlowFiles(positionals, registry);
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
