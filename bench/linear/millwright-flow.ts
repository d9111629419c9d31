import type { Flow } from '@millwright/model';

/** Ids of the nodes the bench drives and listens to. */
export const LINEAR_IDS = { source: 'burst', report: 'report' } as const;

/**
 * The Millwright side of the linear flow: inject (burst of N) -> function (payload * 2) ->
 * change (set topic) -> function (counter) -> debug. The counter answers once, on the N-th
 * message, with its count and the time it saw it; the debug node carries that to the event bus.
 */
export function millwrightFlow(messages: number): Flow {
  const node = (id: string, type: string, config: Record<string, unknown>, x: number) => ({
    id,
    type,
    typeVersion: 1,
    name: id,
    config,
    position: { x, y: 100 },
  });
  const wire = (from: string, to: string) => ({ from: { node: from, port: 0 }, to: { node: to, port: 0 } });
  return {
    version: 1,
    id: 'bench-linear',
    name: 'bench linear',
    nodes: [
      node(LINEAR_IDS.source, 'inject', { burst: messages, payloadType: 'number', payload: '1' }, 0),
      node('double', 'function', { code: 'msg.payload = msg.payload * 2; return msg;' }, 200),
      node('topic', 'change', { rules: [{ action: 'set', property: 'topic', type: 'string', value: 'bench' }] }, 400),
      node(
        'count',
        'function',
        {
          code: `const c = (context.get('c') || 0) + 1;
context.set('c', c);
if (c !== ${messages}) return null;
return { payload: { count: c, end: Date.now() } };`,
        },
        600,
      ),
      node(LINEAR_IDS.report, 'debug', { property: 'payload' }, 800),
    ],
    wires: [
      wire(LINEAR_IDS.source, 'double'),
      wire('double', 'topic'),
      wire('topic', 'count'),
      wire('count', 'report'),
    ],
  };
}
