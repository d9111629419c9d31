import { isIP, type LookupFunction } from 'node:net';
import { compileOutboundPolicy, confinementOf, outboundDenied, type NodeContext } from '@millwright/sdk';

/** Where a client connection of a node may go: settings.json `outbound`, checked per destination. */
export interface OutboundGate {
  /**
   * The `lookup` to connect `host:port` with: the policy resolves the name and hands the socket only
   * allowed addresses. Throws the UserError `outbound_denied` at once for a refused literal address
   * (Node does not call `lookup` for those).
   */
  lookupFor(host: string, port: number): LookupFunction;
  /** The allowed address to send `host:port` datagrams to; rejects with `outbound_denied`. */
  resolve(host: string, port: number): Promise<string>;
}

/** The outbound gate of a node, from its confinement (defaults: no loopback, link-local, "this host"). */
export function outboundGate(ctx: Pick<NodeContext, 'confinement' | 'dataDir'>): OutboundGate {
  const policy = compileOutboundPolicy(confinementOf(ctx).outbound);
  return {
    lookupFor(host, port) {
      const bare = host.replace(/^\[|\]$/g, '');
      if (isIP(bare)) {
        const why = policy.refusal({ host: bare, address: bare, port });
        if (why) throw outboundDenied(why);
      }
      return policy.lookup(port);
    },
    resolve(host, port) {
      const bare = host.replace(/^\[|\]$/g, '');
      return new Promise((resolve, reject) => {
        if (isIP(bare)) {
          const why = policy.refusal({ host: bare, address: bare, port });
          return why ? reject(outboundDenied(why)) : resolve(bare);
        }
        policy.lookup(port)(bare, {}, (err, address) => (err ? reject(err) : resolve(String(address))));
      });
    },
  };
}
