import { defineNode } from '@millwright/sdk';
import { tcpRequestConfig } from './config.js';

/** Sends msg.payload to a TCP server and passes on its answer. */
export default defineNode({
  type: 'tcp-request',
  category: 'network',
  version: 1,
  label: 'tcp request',
  description:
    'Connects to a TCP server (host and port from the node or msg.host / msg.port), sends msg.payload and sends the answer on as msg.payload: after a wait, at a delimiter, after a byte count, or as a stream on a connection kept open.',
  inputs: 1,
  outputs: ['response'],
  icon: 'shuffle',
  config: tcpRequestConfig,
  async setup(ctx) {
    const { createTcpRequest } = await import('./tcp-request.js');
    return createTcpRequest(ctx);
  },
});
