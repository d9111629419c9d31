import type { Flow } from '@millwright/model';

/**
 * Ids of the nodes the bench drives and listens to in flow `index`. Node ids are unique across all
 * deployed flows (the FlowManager finds a node's flow by its id), so each copy prefixes its own.
 */
export const linearIds = (index: number) => ({ source: `f${index}-burst`, report: `f${index}-report` }) as const;

/**
 * Copy `index` of the Millwright side of the linear flow: inject (burst of N) -> function
 * (payload * 2, left out when `withFunction` is false) -> change (set topic) -> function (counter)
 * -> debug. The counter answers once, on the N-th message, with its count and the time it saw it;
 * the debug node carries that to the event bus.
 */
export function millwrightFlow(args: { messages: number; index: number; withFunction: boolean }): Flow {
  const ids = linearIds(args.index);
  const id = (name: string) => `f${args.index}-${name}`;
  const node = (nodeId: string, type: string, config: Record<string, unknown>, x: number) => ({
    id: nodeId,
    type,
    typeVersion: 1,
    name: nodeId,
    config,
    position: { x, y: 100 },
  });
  const double = args.withFunction
    ? [node(id('double'), 'function', { code: 'msg.payload = msg.payload * 2; return msg;' }, 200)]
    : [];
  const chain = [ids.source, ...double.map((n) => n.id), id('topic'), id('count'), ids.report];
  return {
    version: 1,
    id: `bench-linear-${args.index}`,
    name: `bench linear ${args.index}`,
    nodes: [
      node(ids.source, 'inject', { burst: args.messages, payloadType: 'number', payload: '1' }, 0),
      ...double,
      node(
        id('topic'),
        'change',
        { rules: [{ action: 'set', property: 'topic', type: 'string', value: 'bench' }] },
        400,
      ),
      node(
        id('count'),
        'function',
        {
          code: `const c = (context.get('c') || 0) + 1;
context.set('c', c);
if (c !== ${args.messages}) return null;
return { payload: { count: c, end: Date.now() } };`,
        },
        600,
      ),
      node(ids.report, 'debug', { property: 'payload' }, 800),
    ],
    wires: chain.slice(1).map((to, i) => ({ from: { node: chain[i] ?? '', port: 0 }, to: { node: to, port: 0 } })),
  };
}
