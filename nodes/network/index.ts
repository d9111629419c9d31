import type { AnyNodeDefinition } from '@millwright/sdk';
import tcpIn from './tcp-in/index.js';
import tcpOut from './tcp-out/index.js';
import tcpRequest from './tcp-request/index.js';
import udpIn from './udp-in/index.js';
import udpOut from './udp-out/index.js';
import websocketClient from './websocket-client/index.js';
import websocketIn from './websocket-in/index.js';
import websocketListener from './websocket-listener/index.js';
import websocketOut from './websocket-out/index.js';

/** The TCP, UDP and websocket nodes (node:net, node:dgram and `ws`, loaded when a node starts). */
export const nodes: AnyNodeDefinition[] = [
  tcpIn,
  tcpOut,
  tcpRequest,
  udpIn,
  udpOut,
  websocketListener,
  websocketClient,
  websocketIn,
  websocketOut,
];
