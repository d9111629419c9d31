import { decideDemo } from '../../demo/demo-flows.js';
import { startDemoPlant, type DemoPlant } from '../../demo/demo-plant.js';
import { createRuntime } from '../../runtime.js';
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
  --demo              run the demo plant (sim PLC, MQTT broker, sim ERP) and add its flows
  --no-demo           do not run it. Default: run it when the data dir has no flows yet or
                      holds the demo flows (flows/demo-plant)
${NODES_HELP}
${ISOLATION_HELP}
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
      isolation: { type: 'string' },
      ...NODES_OPTION,
    });
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const isolation = isolationOption(values.isolation);
    if (values.demo && values['no-demo']) throw new UsageError('--demo and --no-demo exclude each other');
    const dataDir = values['data-dir'] ?? DEFAULT_DATA_DIR;
    const demo = await decideDemo({ dataDir, mode: values.demo ? 'on' : values['no-demo'] ? 'off' : 'auto' });
    let plant: DemoPlant | undefined;
    if (demo.run) {
      plant = await startDemoPlant();
      // The demo flows read the simulator addresses as ${env.MILLWRIGHT_DEMO_*}; workers inherit process.env.
      Object.assign(process.env, plant.env);
    }
    const runtime = await createRuntime({
      dataDir,
      ...(demo.flows ? { flows: demo.flows } : {}),
      host: values.host ?? '127.0.0.1',
      port: portOption(values.port, 1880, '--port'),
      ...nodeSources(values),
      dev: values.dev === true,
      ...(isolation ? { isolation } : {}),
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
        `demo plant: sim PLC ${plant.urls.opcua}, MQTT broker ${plant.urls.mqtt}, sim ERP ${plant.urls.erp}`,
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
