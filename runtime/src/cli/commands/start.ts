import { CLUSTER_HELP, CLUSTER_OPTION, clusterOption } from '../cluster-option.js';
import { decideDemo } from '../../demo/demo-flows.js';
import { DEMO_PORT_ENV, startDemoPlant, type DemoPlant, type DemoService } from '../../demo/demo-plant.js';
import { createLogger } from '../../logging/log-events.js';
import { routeProcessOutput } from '../../logging/process-output.js';
import { createRuntime } from '../../runtime.js';
import { FlowStore } from '../../storage/flow-store.js';
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
import { METRICS_HELP, METRICS_OPTION, metricsOption } from '../metrics-option.js';
import { nodeSources } from '../node-sources.js';
import { exitOnSignal } from '../shutdown.js';

/** Data directory of `start`, `export` and `import` when `--data-dir` is not given (git-ignored). */
export const DEFAULT_DATA_DIR = '.millwright';

/** `millwright start`: the runtime with admin API, event stream and editor. */
export const startCommand: Command = {
  name: 'start',
  usage: `Usage: millwright start [options]

Starts the runtime: deploys the stored flows, serves the admin API (/api), the event stream
(/api/events), /healthz, /metrics and the editor. Logs JSON lines to stdout.
Binding to a non-loopback host requires authentication: a user ("millwright user add <name>
--role admin") or a service token (MILLWRIGHT_TOKEN or auth.token in <data-dir>/settings.json).
Credentials are encrypted with MILLWRIGHT_CREDENTIAL_KEY, MILLWRIGHT_CREDENTIAL_KEY_FILE or
<data-dir>/credential.key (see docs/security.md).

Options:
  --port <n>          port (default 1880; 0 picks a free one)
  --host <host>       interface to bind (default 127.0.0.1)
  --data-dir <dir>    where flows.json and settings.json live (default ${DEFAULT_DATA_DIR})
  --demo              run the demo plant (sim PLC, MQTT broker, sim ERP, PLM, QMS) and add its flows
  --no-demo           do not run it. Default: run it when the data dir has no flows yet or
                      holds the demo flows (flows/demo-plant)
  --demo-opcua-port <n>
  --demo-mqtt-port <n>
  --demo-erp-port <n>
  --demo-plm-port <n>
  --demo-qms-port <n>
  --demo-modbus-port <n>
                      ports of the demo's sim PLC (OPC UA), MQTT broker, sim ERP, sim PLM, sim
                      QMS and the sim PLC's Modbus TCP slave; also set by MILLWRIGHT_DEMO_OPCUA_PORT,
                      MILLWRIGHT_DEMO_MQTT_PORT, MILLWRIGHT_DEMO_ERP_PORT, MILLWRIGHT_DEMO_PLM_PORT,
                      MILLWRIGHT_DEMO_QMS_PORT and MILLWRIGHT_DEMO_MODBUS_PORT (a flag beats its
                      variable). Unset: 4840, 1883, 8090, 8091, 8092 and 5020, or a
                      free port when one is taken. A port given by flag or variable must be free,
                      else start fails naming it; 0 picks a free port
${NODES_HELP}
${ISOLATION_HELP}
${METRICS_HELP}
${CLUSTER_HELP}
  --restore-last-good when <data-dir>/flows.json is empty, truncated or unreadable: move it aside
                      (flows.json.corrupt-<time>) and start from the last good revision kept in
                      <data-dir>/flows-history/ (without this flag such a file stops the start)
  --dev               watch the node packages and reload one when its files change, restarting
                      only the flows that use it
  -h, --help          show this help`,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      dev: { type: 'boolean' },
      demo: { type: 'boolean' },
      'no-demo': { type: 'boolean' },
      'demo-opcua-port': { type: 'string' },
      'demo-mqtt-port': { type: 'string' },
      'demo-erp-port': { type: 'string' },
      'demo-plm-port': { type: 'string' },
      'demo-qms-port': { type: 'string' },
      'demo-modbus-port': { type: 'string' },
      isolation: { type: 'string' },
      'restore-last-good': { type: 'boolean' },
      ...NODES_OPTION,
      ...METRICS_OPTION,
      ...CLUSTER_OPTION,
    });
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const isolation = isolationOption(values.isolation);
    const cluster = clusterOption(values);
    if (values.demo && values['no-demo']) throw new UsageError('--demo and --no-demo exclude each other');
    const demoPorts = demoPortOptions(values);
    const dataDir = values['data-dir'] ?? DEFAULT_DATA_DIR;
    // Before the demo plant and node-opcua load: stdout carries JSON log lines only.
    const logger = createLogger();
    await routeProcessOutput(logger);
    // Checked (and, when asked, repaired) before anything reads the flows, the demo decision included.
    await FlowStore.open(dataDir, {
      restoreLastGood: values['restore-last-good'] === true,
      onRestore: (r) =>
        logger.warn(
          { event: 'flows-restored', revision: r.revision, savedAt: r.savedAt, corruptFile: r.corruptFile },
          `flows.json was unreadable (kept as ${r.corruptFile}); started from the last good revision ${r.revision}`,
        ),
    });
    const demo = await decideDemo({ dataDir, mode: values.demo ? 'on' : values['no-demo'] ? 'off' : 'auto' });
    let plant: DemoPlant | undefined;
    if (demo.run) {
      plant = await startDemoPlant({ ports: demoPorts });
      // The demo flows read the simulator addresses as ${env.MILLWRIGHT_DEMO_*}; workers inherit process.env.
      Object.assign(process.env, plant.env);
    }
    const runtime = await createRuntime({
      dataDir,
      logger,
      ...(demo.flows ? { flows: demo.flows } : {}),
      host: values.host ?? '127.0.0.1',
      port: portOption(values.port, 1880, '--port'),
      ...nodeSources(values),
      dev: values.dev === true,
      ...(isolation ? { isolation } : {}),
      metrics: metricsOption(values),
      ...(cluster ? { cluster } : {}),
      // The demo's flows call the sim ERP, PLM, QMS and Modbus slave on loopback, which outbound.deny refuses by default.
      ...(plant
        ? {
            outboundAllow: [plant.urls.erp, plant.urls.plm, plant.urls.qms, plant.urls.modbus].map(
              (u) => new URL(u).host,
            ),
          }
        : {}),
    }).catch(async (err: unknown) => {
      await plant?.stop();
      throw err;
    });
    exitOnSignal(async () => {
      await runtime.stop();
      await plant?.stop();
    }, runtime.logger);
    if (plant)
      runtime.logger.info(
        { demo: plant.urls, receivedReports: `${plant.urls.erp}/api/_received` },
        `demo plant: sim PLC ${plant.urls.opcua}, MQTT broker ${plant.urls.mqtt}, sim ERP ${plant.urls.erp}, sim PLM ${plant.urls.plm}, sim QMS ${plant.urls.qms}, Modbus TCP ${plant.urls.modbus}`,
      );
    try {
      await runtime.start();
    } catch (err) {
      await plant?.stop();
      throw err;
    }
    return new Promise<number>(() => undefined); // runs until a signal stops it
  },
};

/**
 * The demo plant's ports set by `--demo-<service>-port` or, without the flag, by
 * `MILLWRIGHT_DEMO_<SERVICE>_PORT` (an empty variable counts as unset). Services set by neither
 * are left out: the demo uses its default port, or a free one when that is taken.
 */
export function demoPortOptions(
  values: Partial<Record<`demo-${DemoService}-port`, string>>,
  env: NodeJS.ProcessEnv = process.env,
): Partial<Record<DemoService, number>> {
  const ports: Partial<Record<DemoService, number>> = {};
  for (const service of Object.keys(DEMO_PORT_ENV) as DemoService[]) {
    const flag = values[`demo-${service}-port`];
    const fromEnv = env[DEMO_PORT_ENV[service]] || undefined;
    if (flag !== undefined) ports[service] = portOption(flag, 0, `--demo-${service}-port`);
    else if (fromEnv !== undefined) ports[service] = portOption(fromEnv, 0, DEMO_PORT_ENV[service]);
  }
  return ports;
}
