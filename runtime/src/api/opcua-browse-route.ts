import { UserError, type ApiErrorBody, type Flow } from '@millwright/model';
import type * as NodesOpcua from '@millwright/nodes-opcua';
import type { browseAddressSpace, BrowsedNode } from '@millwright/nodes-opcua';
import { Router } from 'express';

/** Answer of `GET /api/opcua/browse`. */
export interface OpcuaBrowseResponse {
  /** The browsed node (the Objects folder `i=85` when the request named none). */
  nodeId: string;
  children: BrowsedNode[];
}

export interface OpcuaBrowseRouteOptions {
  /** The stored flows, to find the opcua-endpoint config node by id. */
  flows: () => readonly Flow[];
  /** Decrypted credentials of a node id (the endpoint's password). */
  credentials?: (nodeId: string) => Record<string, unknown> | undefined;
  /** The runtime's data folder, so the editor's browse uses the same PKI folder as the flows. */
  dataDir?: string;
  /** Browse implementation; tests may replace it. */
  browse?: typeof browseAddressSpace;
}

/**
 * `GET /opcua/browse?config=<configNodeId>&nodeId=<NodeId>`: the children of `nodeId` on the live
 * server of an opcua-endpoint config node, for the editor's NodeId picker. Mount it under `/api`
 * behind the token: `app.use('/api', opcuaBrowseRoutes({ flows: () => store.flows(), credentials }))`.
 *
 * Answers 200 `OpcuaBrowseResponse`; 400 for a missing `config` or a config node of another
 * type, or a NodeId the server refuses; 404 for an unknown config node; 502 (`opcua_not_connected`,
 * `opcua_timeout`, `opcua_browse_failed`) when the server cannot be reached or answered badly.
 */
export function opcuaBrowseRoutes(options: OpcuaBrowseRouteOptions): Router {
  // The OPC UA stack loads on the first browse, not when the runtime starts.
  const browse: typeof browseAddressSpace =
    options.browse ?? (async (args) => (await loadOpcua()).browseAddressSpace(args));
  const router = Router();
  router.get('/opcua/browse', async (req, res) => {
    const configId = typeof req.query['config'] === 'string' ? req.query['config'] : '';
    const nodeId = typeof req.query['nodeId'] === 'string' ? req.query['nodeId'] : '';
    if (!configId)
      throw new UserError('invalid_request', 'query parameter "config" (the endpoint config node id) is required');
    const configNode = options
      .flows()
      .flatMap((f) => f.configs ?? [])
      .find((c) => c.id === configId);
    if (!configNode) throw new UserError('not_found', `no config node "${configId}" in the deployed flows`);
    if (configNode.type !== 'opcua-endpoint')
      throw new UserError(
        'invalid_request',
        `config node "${configId}" is a ${configNode.type}, not an opcua-endpoint`,
      );
    const password = options.credentials?.(configId)?.['password'];
    try {
      const children = await browse({
        endpoint: configNode.config,
        ...(typeof password === 'string' ? { password } : {}),
        ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}),
        ...(nodeId ? { nodeId } : {}),
      });
      const body: OpcuaBrowseResponse = { nodeId: nodeId || 'i=85', children };
      res.json(body);
    } catch (err) {
      const code = read(err, 'code');
      if (read(err, 'kind') !== 'operational' || typeof code !== 'string') throw err;
      // The shared error handler hides operational errors as 500; the editor needs to say the server is unreachable.
      const body: ApiErrorBody = {
        code,
        message: String(read(err, 'message')),
        hint: 'check that the OPC UA server is running and that the endpoint URL and security settings are right',
      };
      res.status(502).json(body);
    }
  });
  return router;
}

function read(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined;
}

let opcua: Promise<typeof NodesOpcua> | undefined;
const loadOpcua = () => (opcua ??= import('@millwright/nodes-opcua'));

/** Closes the browse sessions the editor's NodeId picker kept open; nothing to do when it never browsed. */
export async function closeBrowseSessions(): Promise<void> {
  if (opcua) await (await opcua).closeBrowseSessions();
}
