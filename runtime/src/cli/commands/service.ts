import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RUNTIME_VERSION } from '../../version.js';
import { parseCommandArgs, portOption, UsageError, type Command } from '../command.js';
import { NODE_FLAGS } from '../../engine/node-flags.js';

/** Defaults of a plant install (docs/plant-install.md). */
export const SERVICE_DEFAULTS = {
  dataDir: '/var/lib/millwright',
  user: 'millwright',
  host: '127.0.0.1',
  port: 1880,
  envFile: '/etc/millwright/millwright.env',
} as const;

/** The `millwright` launcher of this installation: `bin/millwright.js` beside `src/` and `dist/`. */
const BIN_FILE = fileURLToPath(new URL('../../../bin/millwright.js', import.meta.url));

/**
 * The folder a service runs in: the one whose `node_modules` holds this runtime (an `npm install`
 * folder such as /opt/millwright, or `<prefix>/lib` for `npm install -g`), so custom node packages
 * installed beside the runtime are found (`start` loads them from `./node_modules`); in a git
 * checkout, its root.
 */
export function installDir(bin: string): string {
  const installed = bin.match(/^(.*)\/node_modules\/@millwright\/runtime\/bin\/millwright\.js$/);
  return installed ? installed[1]! : dirname(dirname(dirname(bin)));
}

export interface UnitOptions {
  /** Absolute data directory (flows, settings, credentials, node data). */
  dataDir: string;
  /** System user the runtime runs as; it must own `dataDir`. */
  user: string;
  host: string;
  port: number;
  /** Absolute path of the file with `MILLWRIGHT_TOKEN` and `MILLWRIGHT_CREDENTIAL_KEY`; optional at start. */
  envFile: string;
  /** Absolute path of the node binary (default `process.execPath`). */
  node?: string;
  /** Absolute path of `bin/millwright.js` (default: this installation's). */
  bin?: string;
  /** Default {@link installDir} of `bin`. */
  workingDir?: string;
}

/**
 * A systemd unit that runs `millwright start --no-demo` as a hardened service: graceful SIGTERM to
 * the main process only (it stops the flows' child processes itself), restart on failure, JSON
 * logs on stdout for journald, and a read-only file system except `dataDir`.
 */
export function renderUnit(options: UnitOptions): string {
  const node = options.node ?? process.execPath;
  const bin = options.bin ?? BIN_FILE;
  const exec = [
    node,
    ...NODE_FLAGS,
    bin,
    'start',
    '--no-demo',
    '--data-dir',
    options.dataDir,
    '--host',
    options.host,
    '--port',
    String(options.port),
  ];
  const stateDirectory = options.dataDir.match(/^\/var\/lib\/([^/].*?)\/?$/)?.[1];
  // Ports below 1024 need this one capability; otherwise the service gets none.
  const lowPort = options.port > 0 && options.port < 1024;
  return `# millwright.service, written by "millwright service print-unit" (millwright ${RUNTIME_VERSION}).
# Install it (docs/plant-install.md):
#   millwright service print-unit ... | sudo tee /etc/systemd/system/millwright.service
#   sudo systemctl daemon-reload && sudo systemctl enable --now millwright
# Logs are JSON lines in the journal: journalctl -u millwright -o cat

[Unit]
Description=Millwright integration runtime
After=network-online.target
Wants=network-online.target

[Service]
Type=simple
User=${options.user}
# Custom node packages are loaded from ./node_modules: the folder the runtime is installed in.
WorkingDirectory=${options.workingDir ?? installDir(bin)}
Environment=NODE_ENV=production
# MILLWRIGHT_TOKEN, MILLWRIGHT_CREDENTIAL_KEY (or MILLWRIGHT_CREDENTIAL_KEY_FILE): a root-owned
# file with mode 0600. "-": the service starts without it (then <data-dir>/credential.key is used).
EnvironmentFile=-${options.envFile}
ExecStart=${exec.map(execArg).join(' ')}
# SIGTERM to the runtime only: it stops the flows (and their child processes) cleanly and exits 0.
# Whatever is left after TimeoutStopSec is killed.
KillMode=mixed
KillSignal=SIGTERM
TimeoutStopSec=30
Restart=on-failure
RestartSec=5
StandardOutput=journal
StandardError=journal
SyslogIdentifier=millwright
LimitNOFILE=65536
UMask=0027

# Hardening. No MemoryDenyWriteExecute: the V8 JIT needs writable, executable memory.
NoNewPrivileges=true
ProtectSystem=strict
ReadWritePaths=${options.dataDir}
${stateDirectory ? `StateDirectory=${stateDirectory}\nStateDirectoryMode=0750\n` : ''}ProtectHome=read-only
PrivateTmp=true
PrivateDevices=true
ProtectKernelTunables=true
ProtectKernelModules=true
ProtectKernelLogs=true
ProtectControlGroups=true
ProtectClock=true
ProtectHostname=true
RestrictSUIDSGID=true
RestrictRealtime=true
RestrictNamespaces=true
LockPersonality=true
# AF_NETLINK: os.networkInterfaces() (node-opcua lists the host's addresses for its certificate).
RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX AF_NETLINK
SystemCallArchitectures=native
${
  lowPort
    ? 'AmbientCapabilities=CAP_NET_BIND_SERVICE\nCapabilityBoundingSet=CAP_NET_BIND_SERVICE'
    : 'CapabilityBoundingSet='
}

[Install]
WantedBy=multi-user.target
`;
}

/** One ExecStart argument: `%` and `$` escaped (systemd expands them), quoted when it has spaces. */
function execArg(arg: string): string {
  const escaped = arg.replaceAll('%', '%%').replaceAll('$', '$$$$');
  return /^[\w@%+=:,./-]+$/.test(escaped) ? escaped : `"${escaped.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

/** An absolute path usable as a unit setting value (they are not quoted: no whitespace or quotes). */
function unitPath(value: string, flag: string): string {
  const path = resolve(value);
  if (/[\s"'\\%$]/.test(path)) throw new UsageError(`${flag} must be a path without spaces, quotes, \\, % or $`);
  return path;
}

/** `millwright service print-unit`: the systemd unit of a plant install, on stdout. */
export const serviceCommand: Command = {
  name: 'service',
  usage: `Usage: millwright service print-unit [options]

Prints a systemd unit that runs "millwright start --no-demo" as a service with this node binary
(${process.execPath}) and this installation's millwright. Install it with
  millwright service print-unit --data-dir /var/lib/millwright | sudo tee /etc/systemd/system/millwright.service
  sudo systemctl daemon-reload && sudo systemctl enable --now millwright
The service stops gracefully on SIGTERM, restarts on failure, logs JSON lines to the journal and
may write only to the data directory. It runs in the folder this millwright is installed in
(${installDir(BIN_FILE)}), so custom node packages installed there are loaded.
See docs/plant-install.md.

Options:
  --data-dir <dir>    data directory (default ${SERVICE_DEFAULTS.dataDir}); relative paths are
                      made absolute
  --user <name>       system user to run as, owner of the data directory (default ${SERVICE_DEFAULTS.user})
  --host <host>       interface the runtime binds (default ${SERVICE_DEFAULTS.host}; any other needs
                      a user or MILLWRIGHT_TOKEN)
  --port <n>          port (default ${SERVICE_DEFAULTS.port})
  --env-file <file>   file with MILLWRIGHT_TOKEN and MILLWRIGHT_CREDENTIAL_KEY
                      (default ${SERVICE_DEFAULTS.envFile}; optional at start)
  -h, --help          show this help`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      'data-dir': { type: 'string' },
      user: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      'env-file': { type: 'string' },
    });
    const [action, ...rest] = positionals;
    if (action !== 'print-unit')
      throw new UsageError(action ? `unknown action "${action}"` : 'give an action: print-unit');
    if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"`);
    const user = values.user ?? SERVICE_DEFAULTS.user;
    if (!/^[a-z_][a-z0-9_-]*\$?$/i.test(user) || user.length > 32)
      throw new UsageError(`--user "${user}" is not a valid user name`);
    const host = values.host ?? SERVICE_DEFAULTS.host;
    if (!/^[\w.:[\]-]+$/.test(host)) throw new UsageError(`--host "${host}" is not a host name or address`);
    io.out(
      renderUnit({
        dataDir: unitPath(values['data-dir'] ?? SERVICE_DEFAULTS.dataDir, '--data-dir'),
        user,
        host,
        port: portOption(values.port, SERVICE_DEFAULTS.port, '--port'),
        envFile: unitPath(values['env-file'] ?? SERVICE_DEFAULTS.envFile, '--env-file'),
        workingDir: unitPath(installDir(BIN_FILE), 'the install folder'),
      }).trimEnd(),
    );
    return 0;
  },
};
