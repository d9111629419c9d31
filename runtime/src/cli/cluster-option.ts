import type { ClusterOptions } from '../cluster/cluster-config.js';
import { parseServers } from '../cluster/cluster-config.js';
import { parseLabels } from '../cluster/placement.js';
import { UsageError } from './command.js';

export const CLUSTER_OPTION = {
  cluster: { type: 'string' },
  'cluster-name': { type: 'string' },
  'cluster-id': { type: 'string' },
  labels: { type: 'string' },
  'cluster-tls-ca': { type: 'string' },
  'cluster-tls-cert': { type: 'string' },
  'cluster-tls-key': { type: 'string' },
  'cluster-creds': { type: 'string' },
  'cluster-nkey': { type: 'string' },
} as const;

export const CLUSTER_HELP = `  --cluster <urls>    join a cluster of runtimes through NATS JetStream (nats://host:4222[,...];
                      also MILLWRIGHT_CLUSTER): flows live in the cluster, run where their
                      placement says (docs/cluster.md)
  --cluster-name <n>  runtimes with the same name form one cluster (default millwright;
                      MILLWRIGHT_CLUSTER_NAME)
  --cluster-id <id>   this runtime's id in the cluster (default <host>-<random>)
  --labels <k=v,...>  this runtime's labels for placement, e.g. site=lyon,line=1 (MILLWRIGHT_LABELS)
  --cluster-tls-ca <file>, --cluster-tls-cert <file>, --cluster-tls-key <file>
                      TLS to NATS (tls:// URLs): the servers' CA, a client certificate and key.
                      NATS user/password or token: MILLWRIGHT_CLUSTER_USER and
                      MILLWRIGHT_CLUSTER_PASSWORD, or MILLWRIGHT_CLUSTER_TOKEN (never flags)
  --cluster-creds <file>  a NATS .creds file (JWT + nkey seed; MILLWRIGHT_CLUSTER_CREDS)
  --cluster-nkey <file>   a file holding an nkey seed (MILLWRIGHT_CLUSTER_NKEY)`;

/** The cluster options from flags, else the environment; undefined without `--cluster`. */
export function clusterOption(
  values: {
    cluster?: string;
    'cluster-name'?: string;
    'cluster-id'?: string;
    labels?: string;
    'cluster-tls-ca'?: string;
    'cluster-tls-cert'?: string;
    'cluster-tls-key'?: string;
    'cluster-creds'?: string;
    'cluster-nkey'?: string;
  },
  env: NodeJS.ProcessEnv = process.env,
): ClusterOptions | undefined {
  const servers = values.cluster ?? env['MILLWRIGHT_CLUSTER'];
  if (!servers) return undefined;
  const list = parseServers(servers);
  if (!list.length) throw new UsageError('--cluster needs at least one NATS URL');
  let labels;
  try {
    labels = parseLabels(values.labels ?? env['MILLWRIGHT_LABELS'] ?? '');
  } catch (err) {
    throw new UsageError(`--labels: ${(err as Error).message}`);
  }
  const name = values['cluster-name'] ?? env['MILLWRIGHT_CLUSTER_NAME'];
  if (name !== undefined && !/^[-_a-zA-Z0-9]{1,64}$/.test(name))
    throw new UsageError('--cluster-name: letters, digits, - and _ only');
  const id = values['cluster-id'];
  if (id !== undefined && !/^[-_a-zA-Z0-9]{1,64}$/.test(id))
    throw new UsageError('--cluster-id: letters, digits, - and _ only');
  if (!!values['cluster-tls-cert'] !== !!values['cluster-tls-key'])
    throw new UsageError('--cluster-tls-cert and --cluster-tls-key go together');
  const tls = {
    ...(values['cluster-tls-ca'] ? { caFile: values['cluster-tls-ca'] } : {}),
    ...(values['cluster-tls-cert'] ? { certFile: values['cluster-tls-cert'] } : {}),
    ...(values['cluster-tls-key'] ? { keyFile: values['cluster-tls-key'] } : {}),
  };
  const user = env['MILLWRIGHT_CLUSTER_USER'];
  const pass = env['MILLWRIGHT_CLUSTER_PASSWORD'];
  const token = env['MILLWRIGHT_CLUSTER_TOKEN'];
  const credsFile = values['cluster-creds'] ?? env['MILLWRIGHT_CLUSTER_CREDS'];
  const nkeyFile = values['cluster-nkey'] ?? env['MILLWRIGHT_CLUSTER_NKEY'];
  if (credsFile && nkeyFile) throw new UsageError('--cluster-creds and --cluster-nkey: give one of them');
  return {
    servers: list,
    labels,
    ...(name ? { name } : {}),
    ...(id ? { id } : {}),
    ...(Object.keys(tls).length ? { tls } : {}),
    ...(user ? { user } : {}),
    ...(pass ? { pass } : {}),
    ...(token ? { token } : {}),
    ...(credsFile ? { credsFile } : {}),
    ...(nkeyFile ? { nkeyFile } : {}),
  };
}
