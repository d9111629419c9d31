import type { AnyNodeDefinition } from '@millwright/sdk';
import opcuaBrowse from './opcua-browse/index.js';
import opcuaEndpoint from './opcua-endpoint/index.js';
import opcuaRead from './opcua-read/index.js';
import opcuaSubscribe from './opcua-subscribe/index.js';
import opcuaWrite from './opcua-write/index.js';

/** The OPC UA nodes. node-opcua is loaded only when one of them starts. */
export const nodes: AnyNodeDefinition[] = [opcuaEndpoint, opcuaRead, opcuaWrite, opcuaSubscribe, opcuaBrowse];

export { browseAddressSpace, closeBrowseSessions } from './opcua-browse/browse-address-space.js';
export type { BrowseAddressSpaceOptions } from './opcua-browse/browse-address-space.js';
export type { BrowsedNode } from './opcua-browse/browse-children.js';
export type { BrowsedTreeNode } from './opcua-browse/opcua-browse.js';
export type { OpcuaEndpointConfig } from './opcua-endpoint/config.js';
export type { OpcuaValueInfo } from './opcua-endpoint/node-support.js';
