import { createRuntime } from '../../runtime.js';
import { NODES_HELP, NODES_OPTION, parseCommandArgs, portOption, UsageError, type Command } from '../command.js';
import { nodeSources } from '../node-sources.js';
import { exitOnSignal } from '../shutdown.js';

/** Data directory of `start`, `export` and `import` when `--data-dir` is not given (git-ignored). */
export const DEFAULT_DATA_DIR = '.millwright';

/** `millwright start`: the runtime with admin API, event stream and editor. */
export const startCommand: Command = {
  name: 'start',
  summary: 'run the runtime with the admin API and editor',
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
${NODES_HELP}
  --dev               watch the node packages and reload one when its files change, restarting
                      only the flows that use it
  -h, --help          show this help`,
  async run(argv) {
    const { values, positionals } = parseCommandArgs(argv, {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      dev: { type: 'boolean' },
      ...NODES_OPTION,
    });
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const runtime = await createRuntime({
      dataDir: values['data-dir'] ?? DEFAULT_DATA_DIR,
      host: values.host ?? '127.0.0.1',
      port: portOption(values.port, 1880, '--port'),
      ...nodeSources(values),
      dev: values.dev === true,
    });
    exitOnSignal(() => runtime.stop(), runtime.logger);
    await runtime.start();
    return new Promise<number>(() => undefined); // runs until a signal stops it
  },
};
