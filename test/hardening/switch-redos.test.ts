import { validateFlows, type DebugEvent, type LogEvent } from '@millwright/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNodeModules } from '../../runtime/src/registry/load-node-modules.js';
import { debugFrom, eventually, flow, functionFlow, node, startManager, wire } from './worker-flows.js';

/** inject (payload from a function) -> switch (one regex rule, else) -> debug per port. */
function switchFlow(id: string, pattern: string, payload: string) {
  return flow(
    id,
    [
      node(`${id}-in`, 'inject', { payloadType: 'string', payload: 'x' }),
      node(`${id}-make`, 'function', { code: `return { payload: ${payload} };` }),
      node(id, 'switch', { property: 'payload', rules: [{ op: 'regex', value: pattern }, { op: 'else' }] }),
      node(`${id}-match`, 'debug', { property: 'payload' }),
      node(`${id}-else`, 'debug', { property: 'payload' }),
    ],
    [wire(`${id}-in`, `${id}-make`), wire(`${id}-make`, id), wire(id, `${id}-match`, 0), wire(id, `${id}-else`, 1)],
  );
}

describe('switch regexes against ReDoS', () => {
  it('refuses a catastrophic regex at validation, at the rule path', async () => {
    const catalog = await loadNodeModules(['@millwright/nodes-core']);
    const r = validateFlows([switchFlow('s', '^(a+)+$', '"a"')], { catalog });
    expect(r.ok).toBe(false);
    // (The wires from it are reported too: a switch with an invalid config has no ports.)
    expect(r.issues[0]).toMatchObject({
      pathString: '$[0].nodes[2].config.rules[0].value',
      message: expect.stringContaining('ReDoS'),
    });
  });

  describe('in a flow worker', () => {
    let ctx: Awaited<ReturnType<typeof startManager>>;
    beforeAll(async () => {
      ctx = await startManager();
      await ctx.manager.deploy(
        [
          // Overlapping alternatives pass the nested-quantifier check; 60 characters would backtrack
          // for longer than anyone waits without the linear-engine fallback set by safe-regex.ts.
          switchFlow('overlap', '^(a|a)*$', "'a'.repeat(60) + 'b'"),
          // Polynomial (cubic) backtracking on a 1 MB string: cut to regexMaxInput (10,000).
          switchFlow('long', 'a*a*a*c', "'a'.repeat(1_000_000)"),
          functionFlow('canary', 'return { payload: "alive" };'),
        ],
        'full',
      );
    }, 60_000);
    afterAll(() => ctx?.manager.stop());

    it('a regex with overlapping alternatives does not wedge the worker', async () => {
      expect(validateFlows([switchFlow('o', '^(a|a)*$', '"a"')]).ok).toBe(true); // the heuristic misses it
      const started = Date.now();
      await ctx.manager.inject('overlap-in');
      await eventually(ctx.events, debugFrom('overlap-else'), 10_000);
      // Loose bound for 2 shared cores; unguarded, this input takes hours.
      expect(Date.now() - started).toBeLessThan(5_000);
      await ctx.manager.inject('canary-in');
      await eventually(ctx.events, (e) => debugFrom('canary-out')(e) && (e as DebugEvent).value === 'alive');
    });

    it('a 1 MB input is cut to regexMaxInput, with a warning, and the worker keeps serving', async () => {
      await ctx.manager.inject('long-in');
      await eventually(ctx.events, debugFrom('long-else'), 10_000);
      const warning = await eventually<LogEvent>(ctx.events, (e) => e.type === 'log' && e.nodeId === 'long');
      expect(warning.message).toMatch(/10000|10,000/);
      expect(ctx.manager.states().every((s) => s.state === 'running' && s.restarts === 0)).toBe(true);
    });
  });
});
