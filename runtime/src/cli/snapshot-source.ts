import { stat } from 'node:fs/promises';
import type { Flow, Snapshot, SnapshotMeta, SnapshotsResponse } from '@millwright/model';
import { UserError } from '@millwright/model';
import { FlowStore } from '../storage/flow-store.js';
import { RuntimeClient } from '../remote/runtime-client.js';

/** Where the CLI reads snapshots: a running runtime (`--url`) or a data dir (`--data-dir`). */
export interface SnapshotSource {
  /** The runtime URL or the data dir, for messages. */
  label: string;
  list(): Promise<SnapshotMeta[]>;
  get(id: string): Promise<Snapshot>;
  /** The deployed flows. */
  current(): Promise<{ revision: string; flows: Flow[] }>;
  /** The runtime, when the source is one. */
  client?: RuntimeClient;
}

/** `--data-dir` reads the data dir (which must exist); otherwise the runtime at `--url`. */
export async function snapshotSource(values: {
  url?: string | undefined;
  token?: string | undefined;
  'data-dir'?: string | undefined;
}): Promise<SnapshotSource> {
  const dataDir = values['data-dir'];
  if (dataDir === undefined) {
    const client = RuntimeClient.from(values);
    return {
      label: client.url,
      client,
      list: async () => (await client.call<SnapshotsResponse>('GET', '/api/snapshots')).snapshots,
      get: (id) => client.call<Snapshot>('GET', `/api/snapshots/${encodeURIComponent(id)}`),
      current: () => client.call('GET', '/api/flows'),
    };
  }
  // FlowStore.open creates a missing folder: a mistyped --data-dir would read as empty, silently.
  if (!(await stat(dataDir).catch(() => undefined))?.isDirectory())
    throw new UserError('data_dir_missing', `the data dir ${dataDir} does not exist`);
  const store = await FlowStore.open(dataDir);
  return {
    label: dataDir,
    list: () => store.snapshots.list(),
    get: (id) => store.snapshots.require(id),
    current: () => Promise.resolve(store.current()),
  };
}

/** The snapshot options shared by the commands. */
export const SOURCE_OPTION = {
  url: { type: 'string' },
  token: { type: 'string' },
  'data-dir': { type: 'string' },
} as const;

export const SOURCE_HELP = `  --url <url>         the runtime's address (default http://127.0.0.1:1880)
  --token <token>     a login or service token (default $MILLWRIGHT_TOKEN)
  --data-dir <dir>    read a stopped runtime's data dir instead of asking a runtime`;
