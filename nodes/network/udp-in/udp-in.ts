import { createSocket } from 'node:dgram';
import { UserError } from '@millwright/model';
import type { NodeContext, NodeHandlers } from '@millwright/sdk';
import { fromBytes } from '../lib/bytes.js';
import { listenOn } from '../lib/listen.js';
import type { UdpInConfig } from './config.js';

/**
 * One message per datagram. UDP cannot be paused: while the flow's queue is over its high-water
 * mark datagrams are dropped and counted (badge, and a log line when dropping starts), as the network
 * would drop them under load anyway.
 */
export async function createUdpIn(ctx: NodeContext<UdpInConfig>): Promise<NodeHandlers> {
  const cfg = ctx.config;
  const socket = createSocket({ type: cfg.ipVersion, reuseAddr: !!cfg.multicastGroup });
  const where = `${cfg.host}:${cfg.port}${cfg.multicastGroup ? ` (group ${cfg.multicastGroup})` : ''}`;
  let dropped = 0;
  let dropping = false;
  const show = () =>
    ctx.status({
      fill: dropping ? 'yellow' : 'green',
      shape: 'dot',
      text: `listening ${where}${dropped ? ` · ${dropped} dropped (flow busy)` : ''}`,
    });
  socket.on('message', (data, rinfo) => {
    if (!ctx.flow.writable()) {
      dropped++;
      if (!dropping) {
        dropping = true;
        ctx.log.warn('datagrams are dropped while the flow is over its queue limit');
        show();
      }
      return;
    }
    if (dropping) {
      dropping = false;
      show();
    }
    ctx.send(
      ctx.newMessage({
        payload: fromBytes(data, cfg.format),
        fromip: `${rinfo.address}:${rinfo.port}`,
        ip: rinfo.address,
        port: rinfo.port,
      }),
    );
  });
  await listenOn(
    { listen: (p, h) => socket.bind(p, h), once: (e, l) => socket.once(e, l), off: (e, l) => socket.off(e, l) },
    cfg.host,
    cfg.port,
    'udp in',
  );
  if (cfg.multicastGroup)
    try {
      socket.addMembership(cfg.multicastGroup, cfg.multicastInterface || undefined);
    } catch (err) {
      socket.close();
      throw new UserError(
        'udp_bad_group',
        `cannot join multicast group ${cfg.multicastGroup}: ${(err as Error).message}`,
        err,
      );
    }
  socket.on('error', (err) => ctx.error(err));
  show();
  return {
    close() {
      return new Promise<void>((resolve) => socket.close(() => resolve()));
    },
  };
}
