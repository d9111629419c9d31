import { createHash } from 'node:crypto';
import { OperationalError, UserError } from '@millwright/model';
import type { NodeLogger } from '@millwright/sdk';
import type { z } from 'zod';
import { opcuaEndpointConfig } from '../opcua-endpoint/config.js';
import { errorText, OpcuaConnection } from '../opcua-endpoint/opcua-connection.js';
import { withTimeout } from '../opcua-endpoint/with-timeout.js';
import { browseChildren, OBJECTS_FOLDER, type BrowsedNode } from './browse-children.js';

export interface BrowseAddressSpaceOptions {
  /**
   * The config of an opcua-endpoint config node as stored in the flow (`z.input` of its schema);
   * validated and defaulted here.
   */
  endpoint: z.input<typeof opcuaEndpointConfig> | Record<string, unknown>;
  /** The endpoint's password credential, for username authentication. */
  password?: string;
  /** The runtime's data folder; the PKI folder defaults to `<dataDir>/pki/opcua` as in the flows. */
  dataDir?: string;
  /** Node whose children to list; default the Objects folder (`i=85`). */
  nodeId?: string;
  /** How long to wait for the connection, then again for the browse. Default: the endpoint's `requestTimeoutMs`, at most 5000 ms. */
  timeoutMs?: number;
  log?: NodeLogger;
}

/** An idle browse connection is closed after this long; the editor browses in bursts. */
const IDLE_MS = 60_000;

interface Cached {
  connection: OpcuaConnection;
  timer: NodeJS.Timeout;
}
const cache = new Map<string, Cached>();

const silent: NodeLogger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * Lists the children of `nodeId` on a live server, with access levels, value previews and `nsu=`
 * NodeIds, for the editor's NodeId picker (`GET /api/opcua/browse`). Connections are cached per endpoint config for a minute, so
 * expanding a tree costs one browse round-trip per level, not a new session.
 *
 * Errors: UserError `invalid_config` for a bad endpoint config, `opcua_browse_refused` for an
 * unknown NodeId; OperationalError `opcua_not_connected` / `opcua_timeout` when the server cannot be
 * reached in time (the cached connection is then dropped so the next call starts afresh).
 */
export async function browseAddressSpace(options: BrowseAddressSpaceOptions): Promise<BrowsedNode[]> {
  const parsed = opcuaEndpointConfig.safeParse(options.endpoint);
  if (!parsed.success)
    throw new UserError('invalid_config', `invalid OPC UA endpoint config: ${parsed.error.issues[0]?.message ?? ''}`);
  const config = parsed.data;
  const timeoutMs = options.timeoutMs ?? Math.min(config.requestTimeoutMs, 5_000);
  const nodeId = options.nodeId?.trim() || OBJECTS_FOLDER;
  const key = createHash('sha256')
    .update(JSON.stringify([config, options.password ?? null, options.dataDir ?? null]))
    .digest('hex');

  let entry = cache.get(key);
  if (!entry) {
    const connection = new OpcuaConnection(config, options.password, options.log ?? silent, options.dataDir);
    connection.start();
    entry = { connection, timer: setTimeout(() => undefined, 0) };
    cache.set(key, entry);
  }
  clearTimeout(entry.timer);
  const current = entry;
  current.timer = setTimeout(() => void drop(key, current), IDLE_MS);
  current.timer.unref();

  try {
    const session = await current.connection.session(timeoutMs);
    // The editor's browser shows access levels, value previews and nsu= NodeIds.
    return await withTimeout(browseChildren(session, nodeId, { details: true }), timeoutMs, `browse of ${nodeId}`);
  } catch (err) {
    if (kindOf(err) === 'operational') {
      await drop(key, current);
      throw err;
    }
    const status: unknown = typeof err === 'object' && err !== null ? Reflect.get(err, 'statusCode') : undefined;
    if (typeof status === 'string')
      throw new UserError('opcua_browse_refused', `cannot browse ${nodeId}: ${status}`, err);
    throw new OperationalError('opcua_browse_failed', `browse of ${nodeId} failed: ${errorText(err)}`, err);
  }
}

/** Closes every cached browse connection (runtime shutdown, tests). */
export async function closeBrowseSessions(): Promise<void> {
  await Promise.all([...cache.entries()].map(([key, entry]) => drop(key, entry)));
}

function kindOf(err: unknown): unknown {
  return typeof err === 'object' && err !== null ? Reflect.get(err, 'kind') : undefined;
}

async function drop(key: string, entry: Cached): Promise<void> {
  clearTimeout(entry.timer);
  if (cache.get(key) === entry) cache.delete(key);
  await entry.connection.close();
}
