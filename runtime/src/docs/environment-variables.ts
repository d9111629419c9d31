/** One `MILLWRIGHT_*` environment variable: the generated docs/settings.md lists them all. */
export interface EnvironmentVariable {
  name: `MILLWRIGHT_${string}`;
  /**
   * `runtime`: read by the `millwright` commands. `demo`: the demo plant's simulators and flows.
   * `development`: tools used while working on Millwright itself.
   */
  group: 'runtime' | 'demo' | 'development';
  /** What applies when the variable is unset, as Markdown. */
  default: string;
  /** What it does, as Markdown. */
  description: string;
}

/**
 * Every `MILLWRIGHT_*` variable that Millwright's code reads or sets, in one list. A test checks
 * that it names every such variable in the runtime, node and package sources: add a variable here
 * when the code starts reading one, then run `npm run docs`.
 */
export const ENVIRONMENT_VARIABLES: readonly EnvironmentVariable[] = [
  {
    name: 'MILLWRIGHT_TOKEN',
    group: 'runtime',
    default: '`auth.token` from settings.json, else none',
    description:
      'Service token for headless and CI clients (16+ characters), sent as `Authorization: Bearer <token>`; its role is `auth.tokenRole`. Takes precedence over `auth.token`. With a token set, a server on a non-loopback host may start without any user.',
  },
  {
    name: 'MILLWRIGHT_OIDC_CLIENT_SECRET',
    group: 'runtime',
    default: '`auth.oidc.clientSecret` from settings.json, else none (a public client)',
    description:
      'Client secret of Millwright at the OpenID Connect provider (`auth.oidc`). Takes precedence over `auth.oidc.clientSecret`; it is never logged or returned by the API.',
  },
  {
    name: 'MILLWRIGHT_CLUSTER',
    group: 'runtime',
    default: 'none: a single runtime',
    description:
      'NATS server URLs (`nats://host:4222`, comma-separated) of the cluster `millwright start` joins, like `--cluster` (the flag wins). Flows then live in NATS JetStream and run where their placement says (docs/cluster.md).',
  },
  {
    name: 'MILLWRIGHT_CLUSTER_NAME',
    group: 'runtime',
    default: '`millwright`',
    description: 'Name of the cluster to join, like `--cluster-name`: runtimes with the same name form one cluster.',
  },
  {
    name: 'MILLWRIGHT_CLUSTER_USER',
    group: 'runtime',
    default: 'none',
    description: 'NATS user name for the cluster connection (with `MILLWRIGHT_CLUSTER_PASSWORD`).',
  },
  {
    name: 'MILLWRIGHT_CLUSTER_PASSWORD',
    group: 'runtime',
    default: 'none',
    description:
      'NATS password for the cluster connection (with `MILLWRIGHT_CLUSTER_USER`). Kept out of the command line on purpose.',
  },
  {
    name: 'MILLWRIGHT_CLUSTER_TOKEN',
    group: 'runtime',
    default: 'none',
    description: 'NATS authentication token for the cluster connection, instead of a user and password.',
  },
  {
    name: 'MILLWRIGHT_CLUSTER_CREDS',
    group: 'runtime',
    default: 'none',
    description:
      'Path of a NATS `.creds` file (user JWT and nkey seed) for the cluster connection; `--cluster-creds` wins.',
  },
  {
    name: 'MILLWRIGHT_CLUSTER_NKEY',
    group: 'runtime',
    default: 'none',
    description: 'Path of a file holding an nkey seed for the cluster connection; `--cluster-nkey` wins.',
  },
  {
    name: 'MILLWRIGHT_LABELS',
    group: 'runtime',
    default: 'none',
    description:
      "This runtime's labels for flow placement, `site=lyon,line=1`, like `--labels`: a flow placed with `labels` runs only on runtimes that have them all.",
  },
  {
    name: 'MILLWRIGHT_CREDENTIAL_KEY',
    group: 'runtime',
    default: 'the key file: `MILLWRIGHT_CREDENTIAL_KEY_FILE`, else `<data-dir>/credential.key`',
    description:
      'Key that encrypts node credentials in `<data-dir>/credentials.json`: base64 of 32 random bytes, or a passphrase of 16+ characters (the key is derived with scrypt). Takes precedence over the key files. See docs/security.md for key rotation.',
  },
  {
    name: 'MILLWRIGHT_CREDENTIAL_KEY_FILE',
    group: 'runtime',
    default: '`<data-dir>/credential.key`, created with a random key on the first start',
    description:
      'Path of a file holding the credential key (same formats as `MILLWRIGHT_CREDENTIAL_KEY`), best kept outside the data dir and readable only by the runtime user (mode 0600). The runtime refuses to start when the file does not exist.',
  },
  {
    name: 'MILLWRIGHT_LOG_LEVEL',
    group: 'runtime',
    default: '`info`',
    description:
      'Level of the JSON log lines on stdout: `fatal`, `error`, `warn`, `info`, `debug`, `trace` or `silent`.',
  },
  {
    name: 'MILLWRIGHT_OUTBOUND_ALLOW',
    group: 'runtime',
    default: 'none',
    description:
      'Entries added to settings.json `outbound.allow` (comma-separated: `127.0.0.1:8090,erp.plant.local`): destinations http-request may reach although `outbound.deny` lists them, e.g. an ERP on the same machine. An entry that does not parse stops the start (`outbound_entry_invalid`).',
  },
  {
    name: 'MILLWRIGHT_DEMO_OPCUA_PORT',
    group: 'demo',
    default: '`4840`, or a free port when 4840 is taken',
    description:
      "Port of the demo plant's simulated PLC (OPC UA server). A port set here must be free, else `start` fails naming it; `0` picks a free port. An empty value counts as unset; `--demo-opcua-port` takes precedence.",
  },
  {
    name: 'MILLWRIGHT_DEMO_MQTT_PORT',
    group: 'demo',
    default: '`1883`, or a free port when 1883 is taken',
    description:
      "Port of the demo plant's embedded MQTT broker. A port set here must be free, else `start` fails naming it; `0` picks a free port. An empty value counts as unset; `--demo-mqtt-port` takes precedence.",
  },
  {
    name: 'MILLWRIGHT_DEMO_ERP_PORT',
    group: 'demo',
    default: '`8090`, or a free port when 8090 is taken',
    description:
      "Port of the demo plant's simulated ERP (HTTP). A port set here must be free, else `start` fails naming it; `0` picks a free port. An empty value counts as unset; `--demo-erp-port` takes precedence.",
  },
  {
    name: 'MILLWRIGHT_DEMO_PLM_PORT',
    group: 'demo',
    default: '`8091`, or a free port when 8091 is taken',
    description:
      "Port of the demo plant's simulated PLM (HTTP). A port set here must be free, else `start` fails naming it; `0` picks a free port. An empty value counts as unset; `--demo-plm-port` takes precedence.",
  },
  {
    name: 'MILLWRIGHT_DEMO_MODBUS_PORT',
    group: 'demo',
    default: '`5020`, or a free port when 5020 is taken',
    description:
      "Port of the demo plant's simulated Modbus TCP slave. A port set here must be free, else `start` fails naming it; `0` picks a free port. An empty value counts as unset; `--demo-modbus-port` takes precedence.",
  },
  {
    name: 'MILLWRIGHT_DEMO_QMS_PORT',
    group: 'demo',
    default: '`8092`, or a free port when 8092 is taken',
    description:
      "Port of the demo plant's simulated QMS (HTTP). A port set here must be free, else `start` fails naming it; `0` picks a free port. An empty value counts as unset; `--demo-qms-port` takes precedence.",
  },
  {
    name: 'MILLWRIGHT_DEMO_OPCUA',
    group: 'demo',
    default: 'set by `millwright start`',
    description:
      '`host:port` of the simulated PLC, set by the runtime when it runs the demo plant (a value of your own is replaced). The demo flows read it as `${env.MILLWRIGHT_DEMO_OPCUA}`.',
  },
  {
    name: 'MILLWRIGHT_DEMO_MQTT',
    group: 'demo',
    default: 'set by `millwright start`',
    description:
      '`host:port` of the embedded MQTT broker, set by the runtime when it runs the demo plant (a value of your own is replaced). The demo flows read it as `${env.MILLWRIGHT_DEMO_MQTT}`.',
  },
  {
    name: 'MILLWRIGHT_DEMO_ERP',
    group: 'demo',
    default: 'set by `millwright start`',
    description:
      '`host:port` of the simulated ERP, set by the runtime when it runs the demo plant (a value of your own is replaced). The demo flows read it as `${env.MILLWRIGHT_DEMO_ERP}`.',
  },
  {
    name: 'MILLWRIGHT_DEMO_MODBUS',
    group: 'demo',
    default: 'set by `millwright start`',
    description:
      "`host:port` of the simulated Modbus TCP slave (the sim PLC's line model), set by the runtime when it runs the demo plant (a value of your own is replaced). The demo flows read it as `${env.MILLWRIGHT_DEMO_MODBUS}`.",
  },
  {
    name: 'MILLWRIGHT_DEMO_PLM',
    group: 'demo',
    default: 'set by `millwright start`',
    description:
      '`host:port` of the simulated PLM, set by the runtime when it runs the demo plant (a value of your own is replaced). The demo flows read it as `${env.MILLWRIGHT_DEMO_PLM}`.',
  },
  {
    name: 'MILLWRIGHT_DEMO_QMS',
    group: 'demo',
    default: 'set by `millwright start`',
    description:
      '`host:port` of the simulated QMS, set by the runtime when it runs the demo plant (a value of your own is replaced). The demo flows read it as `${env.MILLWRIGHT_DEMO_QMS}`.',
  },
  {
    name: 'MILLWRIGHT_DEMO_TIME_SCALE',
    group: 'demo',
    default: 'set by `millwright start` (`3`)',
    description:
      "Simulated seconds per wall-clock second of the demo plant's PLC, set by the runtime when it runs the demo plant; the production flow scales the ideal cycle time by it.",
  },
  {
    name: 'MILLWRIGHT_DEMO_REPORT_AGAIN_MS',
    group: 'demo',
    default: '`10000`',
    description:
      "How long the demo plant's work-order flow waits for the ERP to confirm an order's completion report before it sends the report again (the ERP records it once). Shorter in the flow's tests.",
  },
  {
    name: 'MILLWRIGHT_URL',
    group: 'development',
    default: '`http://127.0.0.1:1880`',
    description:
      "The runtime that the editor's development server (`npm run dev -w @millwright/editor`) proxies `/api` and the websocket to.",
  },
];
