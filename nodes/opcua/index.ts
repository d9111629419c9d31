import type { AnyNodeDefinition, FamilyExtension } from '@millwright/sdk';
import { opcuaExtension } from './admin/browse-route.js';
import type { BrowseAddressSpaceOptions } from './opcua-browse/browse-address-space.js';
import type { BrowsedNode } from './opcua-browse/browse-children.js';
import opcuaBrowse from './opcua-browse/index.js';
import opcuaEndpoint from './opcua-endpoint/index.js';
import opcuaEvents from './opcua-events/index.js';
import opcuaHistory from './opcua-history/index.js';
import opcuaMethod from './opcua-method/index.js';
import opcuaRead from './opcua-read/index.js';
import opcuaSubscribe from './opcua-subscribe/index.js';
import opcuaWrite from './opcua-write/index.js';

/**
 * The OPC UA nodes. Only the definitions load with this module; each node's implementation (and
 * node-opcua) is loaded when one of them starts.
 */
export const nodes: AnyNodeDefinition[] = [
  opcuaEndpoint,
  opcuaRead,
  opcuaWrite,
  opcuaSubscribe,
  opcuaBrowse,
  opcuaMethod,
  opcuaEvents,
  opcuaHistory,
];

/** The editor's NodeId browser route and the shutdown step closing its sessions (see admin/browse-route.ts). */
export const extensions: FamilyExtension[] = [opcuaExtension];

// The editor's address-space browser (GET /api/opcua/browse). Its module is loaded on first use,
// like the implementations: the runtime imports this package for the node types.

/** Lists the children of a node on an OPC UA server, over a cached connection; see browse-address-space.ts. */
export async function browseAddressSpace(options: BrowseAddressSpaceOptions): Promise<BrowsedNode[]> {
  const browser = await import('./opcua-browse/browse-address-space.js');
  return browser.browseAddressSpace(options);
}

/** Closes every cached browse connection (runtime shutdown, tests). */
export async function closeBrowseSessions(): Promise<void> {
  const browser = await import('./opcua-browse/browse-address-space.js');
  await browser.closeBrowseSessions();
}

export type { BrowseAddressSpaceOptions } from './opcua-browse/browse-address-space.js';
export type { BrowsedNode } from './opcua-browse/browse-children.js';
export type { BrowsedTreeNode } from './opcua-browse/opcua-browse.js';
export type { OpcuaEndpointConfig } from './opcua-endpoint/config.js';
export type { OpcuaValueInfo } from './opcua-endpoint/node-support.js';
