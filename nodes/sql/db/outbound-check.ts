import { lookup } from 'node:dns/promises';
import { compileOutboundPolicy, confinementOf, outboundDenied, type NodeContext } from '@millwright/sdk';

/**
 * Refuses a database server that settings.json `outbound` does not allow (`outbound_denied`),
 * checking every address its name resolves to when the pool starts. The pools resolve the name
 * again for each connection, so a name that later resolves elsewhere is not re-checked.
 */
export async function checkOutbound(
  ctx: Pick<NodeContext, 'confinement' | 'dataDir'>,
  host: string,
  port: number,
): Promise<void> {
  const policy = compileOutboundPolicy(confinementOf(ctx).outbound);
  const addresses = await lookup(host, { all: true }).catch(() => [{ address: host }]);
  for (const { address } of addresses) {
    const why = policy.refusal({ host: host.toLowerCase(), address, port });
    if (why) throw outboundDenied(why);
  }
}
