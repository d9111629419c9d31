import { UserError, type ApiErrorBody } from '@millwright/model';
import { defineFamilyExtension, type FamilyRoute } from '@millwright/sdk';
import type * as Browser from '../opcua-browse/browse-address-space.js';
import type { BrowseAddressSpaceOptions } from '../opcua-browse/browse-address-space.js';
import type { BrowsedNode } from '../opcua-browse/browse-children.js';

/** Answer of `GET /api/opcua/browse`. */
export interface OpcuaBrowseResponse {
  /** The browsed node (the Objects folder `i=85` when the request named none). */
  nodeId: string;
  children: BrowsedNode[];
}

type Browse = (options: BrowseAddressSpaceOptions) => Promise<BrowsedNode[]>;

// The OPC UA stack loads on the first browse, not when the runtime starts.
let browser: Promise<typeof Browser> | undefined;
const loadBrowser = () => (browser ??= import('../opcua-browse/browse-address-space.js'));

/**
 * `GET /opcua/browse?config=<configNodeId>&nodeId=<NodeId>`: the children of `nodeId` on the live
 * server of an opcua-endpoint config node of the stored flows, for the editor's NodeId picker.
 *
 * Answers 200 `OpcuaBrowseResponse`; 400 for a missing `config` or a config node of another
 * type, or a NodeId the server refuses; 404 for an unknown config node; 502 (`opcua_not_connected`,
 * `opcua_timeout`, `opcua_browse_failed`) when the server cannot be reached or answered badly.
 * `browse` replaces the browser in tests.
 */
export function opcuaBrowseRoute(browse?: Browse): FamilyRoute {
  const run: Browse = browse ?? (async (args) => (await loadBrowser()).browseAddressSpace(args));
  return {
    method: 'GET',
    path: '/opcua/browse',
    // The browser connects with the endpoint's credentials: an editing helper.
    permission: 'flows:edit',
    async handle(req, services) {
      const configId = req.query['config'] ?? '';
      const nodeId = req.query['nodeId'] ?? '';
      if (!configId)
        throw new UserError('invalid_request', 'query parameter "config" (the endpoint config node id) is required');
      const configNode = services.configNode(configId);
      if (!configNode) throw new UserError('not_found', `no config node "${configId}" in the deployed flows`);
      if (configNode.type !== 'opcua-endpoint')
        throw new UserError(
          'invalid_request',
          `config node "${configId}" is a ${configNode.type}, not an opcua-endpoint`,
        );
      const password = services.credentials(configId)?.['password'];
      try {
        const children = await run({
          endpoint: configNode.config,
          ...(typeof password === 'string' ? { password } : {}),
          ...(services.dataDir !== undefined ? { dataDir: services.dataDir } : {}),
          ...(nodeId ? { nodeId } : {}),
        });
        const body: OpcuaBrowseResponse = { nodeId: nodeId || 'i=85', children };
        return { body };
      } catch (err) {
        const code = read(err, 'code');
        if (read(err, 'kind') !== 'operational' || typeof code !== 'string') throw err;
        // The shared error handler hides operational errors as 500; the editor needs to say the server is unreachable.
        const body: ApiErrorBody = {
          code,
          message: String(read(err, 'message')),
          hint: 'check that the OPC UA server is running and that the endpoint URL and security settings are right',
        };
        return { status: 502, body };
      }
    },
  };
}

function read(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined;
}

/** The OPC UA family's admin route, NodeId picker and shutdown step (closing the browse sessions). */
export const opcuaExtension = defineFamilyExtension({
  id: 'opcua',
  routes: [opcuaBrowseRoute()],
  editorHelpers: [
    {
      widget: 'opcua-nodeid',
      description: 'Picks a NodeId by browsing the live server of the chosen opcua-endpoint.',
      route: 'GET /opcua/browse',
    },
  ],
  async shutdown() {
    // Nothing to close when the editor never browsed: do not load node-opcua for it.
    if (browser) await (await browser).closeBrowseSessions();
  },
});
