import { createSocket } from 'node:dgram';
import { OperationalError, UserError, type FlowMessage } from '@millwright/model';
import type { NodeContext, NodeHandlers } from '@millwright/sdk';
import { toBytes } from '../lib/bytes.js';
import { listenOn } from '../lib/listen.js';
import { outboundGate } from '../lib/outbound.js';
import type { UdpOutConfig } from './config.js';

/** The largest UDP payload over IPv4. */
const MAX_DATAGRAM = 65_507;

function destination(cfg: UdpOutConfig, msg: FlowMessage): { host: string; port: number } {
  const host = cfg.host || (typeof msg['ip'] === 'string' ? msg['ip'].trim() : '');
  const port = cfg.port || Number(msg['port']);
  if (!host) throw new UserError('udp_no_host', 'no destination: the node has no host and msg.ip is empty');
  if (!Number.isInteger(port) || port < 1 || port > 65_535)
    throw new UserError('udp_no_port', 'no destination port: the node has none and msg.port is not 1 to 65535');
  return { host, port };
}

/**
 * Sends each payload as one datagram from one socket (bound to `localPort`, or any). The
 * destination is resolved and checked by the outbound policy for every message.
 */
export async function createUdpOut(ctx: NodeContext<UdpOutConfig>): Promise<NodeHandlers> {
  const cfg = ctx.config;
  const gate = outboundGate(ctx);
  const socket = createSocket({ type: cfg.ipVersion });
  const any = cfg.ipVersion === 'udp6' ? '::' : '0.0.0.0';
  await listenOn(
    { listen: (p, h) => socket.bind(p, h), once: (e, l) => socket.once(e, l), off: (e, l) => socket.off(e, l) },
    any,
    cfg.localPort,
    'udp out',
  );
  socket.on('error', (err) => ctx.log.warn(`udp out: ${err.message}`));
  if (cfg.mode === 'broadcast') socket.setBroadcast(true);
  if (cfg.mode === 'multicast' && cfg.multicastInterface) socket.setMulticastInterface(cfg.multicastInterface);
  return {
    async input(msg) {
      const { host, port } = destination(cfg, msg);
      const data = toBytes(msg.payload, cfg.decodeBase64);
      if (data.length > MAX_DATAGRAM)
        throw new UserError(
          'udp_too_large',
          `msg.payload is ${data.length} bytes; a UDP datagram holds ${MAX_DATAGRAM}`,
        );
      const address = await gate.resolve(host, port);
      await new Promise<void>((resolve, reject) =>
        socket.send(data, port, address, (err) =>
          err
            ? reject(new OperationalError('udp_send_failed', `sending to ${host}:${port} failed: ${err.message}`, err))
            : resolve(),
        ),
      );
    },
    close() {
      return new Promise<void>((resolve) => socket.close(() => resolve()));
    },
  };
}
