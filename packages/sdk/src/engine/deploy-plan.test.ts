import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ConfigNode, DeployMode, Flow, FlowNode } from '@millwright/model';
import { defineNode } from '../define-node.js';
import { NodeRegistry } from '../registry.js';
import {
  planFlowDeploy,
  planNodeUpdate,
  type DeployedFlow,
  type FlowDeployPlan,
  type NodeUpdatePlan,
} from './deploy-plan.js';

const registry = new NodeRegistry([
  defineNode({
    type: 'src',
    category: 'test',
    version: 1,
    description: 'source',
    inputs: 0,
    outputs: ['out'],
    config: z.object({}),
    setup: () => ({}),
  }),
  defineNode({
    type: 'fn',
    category: 'test',
    version: 2,
    description: 'function',
    inputs: 1,
    outputs: ['out'],
    config: z.object({ add: z.number().default(1) }),
    setup: () => ({}),
  }),
  defineNode({
    type: 'pub',
    category: 'test',
    version: 1,
    description: 'publishes through a broker config node',
    inputs: 1,
    outputs: [],
    config: z.object({ broker: z.string().meta({ configRef: 'broker' }) }),
    setup: () => ({}),
  }),
  defineNode({
    type: 'broker',
    category: 'config',
    version: 1,
    description: 'broker connection',
    isConfig: true,
    inputs: 0,
    outputs: [],
    config: z.object({ url: z.string(), tls: z.string().optional().meta({ configRef: 'tls' }) }),
    setup: () => ({}),
  }),
  defineNode({
    type: 'tls',
    category: 'config',
    version: 1,
    description: 'certificates',
    isConfig: true,
    inputs: 0,
    outputs: [],
    config: z.object({ ca: z.string() }),
    setup: () => ({}),
  }),
]);

const node = (id: string, type: string, config: Record<string, unknown> = {}, extra: Partial<FlowNode> = {}) => ({
  id,
  type,
  typeVersion: type === 'fn' ? 2 : 1,
  config,
  position: { x: 0, y: 0 },
  ...extra,
});
const conf = (id: string, type: string, config: Record<string, unknown>, extra: Partial<ConfigNode> = {}) => ({
  id,
  type,
  typeVersion: 1,
  config,
  ...extra,
});
const wire = (from: string, to: string, port = 0) => ({ from: { node: from, port }, to: { node: to, port: 0 } });

/** s -> a -> p (broker b1), q (broker b2) unwired; b1 uses tls t1. */
const base: Flow = {
  version: 1,
  id: 'f1',
  name: 'line 1',
  nodes: [
    node('s', 'src'),
    node('a', 'fn', { add: 1 }),
    node('p', 'pub', { broker: 'b1' }),
    node('q', 'pub', { broker: 'b2' }),
  ],
  wires: [wire('s', 'a'), wire('a', 'p')],
  configs: [conf('b1', 'broker', { url: 'mqtt://one', tls: 't1' }), conf('b2', 'broker', { url: 'mqtt://two' })],
};
const deployed = (flow: Flow, sharedConfigs: ConfigNode[] = [conf('t1', 'tls', { ca: 'pem' })]): DeployedFlow => ({
  flow,
  sharedConfigs,
});
const withNode = (id: string, change: Partial<FlowNode>): Flow => ({
  ...base,
  nodes: base.nodes.map((n) => (n.id === id ? { ...n, ...change } : n)),
});
const withConfig = (id: string, change: Partial<ConfigNode> | null): Flow => ({
  ...base,
  configs: (base.configs ?? []).flatMap((c) => (c.id !== id ? [c] : change ? [{ ...c, ...change }] : [])),
});

const allKept = ['s', 'a', 'p', 'q'];
const configsKept = { keep: ['t1', 'b1', 'b2'], restart: [], add: [], remove: [] };
const expected = (p: Partial<Omit<NodeUpdatePlan, 'configs'>> & { configs?: Partial<NodeUpdatePlan['configs']> }) => ({
  keep: [],
  restart: [],
  add: [],
  remove: [],
  rewired: [],
  ...p,
  configs: { ...configsKept, ...p.configs },
});

describe('planNodeUpdate', () => {
  const cases: Array<{ name: string; before: DeployedFlow | null; after: DeployedFlow; plan: NodeUpdatePlan }> = [
    {
      name: 'first start: everything is added',
      before: null,
      after: deployed(base),
      plan: expected({ add: allKept, configs: { keep: [], add: ['t1', 'b1', 'b2'] } }),
    },
    {
      name: 'unchanged flow: all kept',
      before: deployed(base),
      after: deployed(structuredClone(base)),
      plan: expected({ keep: allKept }),
    },
    {
      name: 'key order in a config does not matter',
      before: deployed(withNode('a', { config: { add: 1, x: { b: 1, c: 2 } } })),
      after: deployed(withNode('a', { config: { x: { c: 2, b: 1 }, add: 1 } })),
      plan: expected({ keep: allKept }),
    },
    {
      name: 'moved on the canvas, grouped, flow renamed or described: all kept',
      before: deployed(base),
      after: deployed({ ...withNode('a', { position: { x: 90, y: 40 }, group: 'g1' }), name: 'line one', info: 'x' }),
      plan: expected({ keep: allKept }),
    },
    {
      name: 'changed config: only that node restarts',
      before: deployed(base),
      after: deployed(withNode('a', { config: { add: 5 } })),
      plan: expected({ keep: ['s', 'p', 'q'], restart: ['a'] }),
    },
    {
      name: 'changed type version: restart',
      before: deployed(base),
      after: deployed(withNode('a', { typeVersion: 3 })),
      plan: expected({ keep: ['s', 'p', 'q'], restart: ['a'] }),
    },
    {
      name: 'changed type under the same id: restart',
      before: deployed(base),
      after: deployed(withNode('q', { type: 'fn', typeVersion: 1, config: {} })),
      plan: expected({ keep: ['s', 'a', 'p'], restart: ['q'] }),
    },
    {
      name: 'name-only change: restarts today (the name is part of the running node: logs, errors, status)',
      before: deployed(base),
      after: deployed(withNode('a', { name: 'scale' })),
      plan: expected({ keep: ['s', 'p', 'q'], restart: ['a'] }),
    },
    {
      name: 'an empty name is the same as no name',
      before: deployed(base),
      after: deployed(withNode('a', { name: '' })),
      plan: expected({ keep: allKept }),
    },
    {
      name: 'rewired node: kept, listed as rewired with the nodes at both ends',
      before: deployed(base),
      after: deployed({ ...base, wires: [wire('s', 'a'), wire('a', 'q')] }),
      plan: expected({ keep: allKept, rewired: ['a', 'p', 'q'] }),
    },
    {
      name: 'wire moved to another output port: kept, rewired',
      before: deployed(base),
      after: deployed({ ...base, wires: [wire('s', 'a'), wire('a', 'p', 1)] }),
      plan: expected({ keep: allKept, rewired: ['a', 'p'] }),
    },
    {
      name: 'same wires in another order: not rewired',
      before: deployed(base),
      after: deployed({ ...base, wires: [wire('a', 'p'), wire('s', 'a')] }),
      plan: expected({ keep: allKept }),
    },
    {
      name: 'added node (and its wire)',
      before: deployed(base),
      after: deployed({ ...base, nodes: [...base.nodes, node('n', 'fn')], wires: [...base.wires, wire('a', 'n')] }),
      plan: expected({ keep: allKept, add: ['n'], rewired: ['a'] }),
    },
    {
      name: 'removed node (and its wire)',
      before: deployed(base),
      after: deployed({ ...base, nodes: base.nodes.filter((n) => n.id !== 'p'), wires: [wire('s', 'a')] }),
      plan: expected({ keep: ['s', 'a', 'q'], remove: ['p'], rewired: ['a'] }),
    },
    {
      name: 'disabled node: removed; its wires stay in the file but are inert',
      before: deployed(base),
      after: deployed(withNode('a', { disabled: true })),
      plan: expected({ keep: ['s', 'p', 'q'], remove: ['a'] }),
    },
    {
      name: 're-enabled node: added',
      before: deployed(withNode('a', { disabled: true })),
      after: deployed(withNode('a', { disabled: false })),
      plan: expected({ keep: ['s', 'p', 'q'], add: ['a'] }),
    },
    {
      name: 'disabled flow: every node removed, config nodes keep running',
      before: deployed(base),
      after: deployed({ ...base, disabled: true }),
      plan: expected({ remove: allKept }),
    },
    {
      name: 're-enabled flow: every node added',
      before: deployed({ ...base, disabled: true }),
      after: deployed(base),
      plan: expected({ add: allKept }),
    },
    {
      name: 'changed config node: restarts with the nodes that reference it, and no others',
      before: deployed(base),
      after: deployed(withConfig('b1', { config: { url: 'mqtt://uno', tls: 't1' } })),
      plan: expected({ keep: ['s', 'a', 'q'], restart: ['p'], configs: { keep: ['t1', 'b2'], restart: ['b1'] } }),
    },
    {
      name: 'renamed config node: restarts, and so do its users',
      before: deployed(base),
      after: deployed(withConfig('b2', { name: 'backup broker' })),
      plan: expected({ keep: ['s', 'a', 'p'], restart: ['q'], configs: { keep: ['t1', 'b1'], restart: ['b2'] } }),
    },
    {
      name: 'removed config node: its users restart (and report it missing)',
      before: deployed(base),
      after: deployed(withConfig('b2', null)),
      plan: expected({ keep: ['s', 'a', 'p'], restart: ['q'], configs: { keep: ['t1', 'b1'], remove: ['b2'] } }),
    },
    {
      name: 'node changed and its config node changed: restarted once',
      before: deployed(base),
      after: deployed({ ...withConfig('b2', { config: { url: 'x' } }), nodes: withNode('q', { name: 'q!' }).nodes }),
      plan: expected({ keep: ['s', 'a', 'p'], restart: ['q'], configs: { keep: ['t1', 'b1'], restart: ['b2'] } }),
    },
    {
      name: 'node pointed at another config node: restarts; both config nodes kept',
      before: deployed(base),
      after: deployed(withNode('q', { config: { broker: 'b1' } })),
      plan: expected({ keep: ['s', 'a', 'p'], restart: ['q'] }),
    },
    {
      name: 'changed shared config node (from another flow): restarts its users here',
      before: deployed(base, [conf('t1', 'tls', { ca: 'pem' })]),
      after: deployed(base, [conf('t1', 'tls', { ca: 'new pem' })]),
      // b1 references t1 but a config node is not restarted for a config node it references (today)
      plan: expected({ keep: allKept, configs: { keep: ['b1', 'b2'], restart: ['t1'] } }),
    },
    {
      name: "the flow's own config node replaces a shared one with the same id",
      before: deployed(base, [conf('t1', 'tls', { ca: 'pem' }), conf('b2', 'broker', { url: 'mqtt://shared' })]),
      after: deployed(base, [conf('t1', 'tls', { ca: 'pem' }), conf('b2', 'broker', { url: 'mqtt://other' })]),
      plan: expected({ keep: allKept, configs: { keep: ['t1', 'b2', 'b1'] } }),
    },
    {
      name: 'added config node: its new users are added; nodes already naming its id are not restarted (today)',
      before: deployed(withConfig('b2', null)),
      after: deployed({ ...base, nodes: [...base.nodes, node('r', 'pub', { broker: 'b2' })] }),
      plan: expected({ keep: allKept, add: ['r'], configs: { keep: ['t1', 'b1'], add: ['b2'] } }),
    },
    {
      name: 'config node of a type that is not installed: never started, a change restarts nobody',
      before: deployed({ ...base, configs: [...(base.configs ?? []), conf('x1', 'opcua-endpoint', { url: 'a' })] }),
      after: deployed({ ...base, configs: [...(base.configs ?? []), conf('x1', 'opcua-endpoint', { url: 'b' })] }),
      plan: expected({ keep: allKept }),
    },
    {
      name: 'node of a type that is not installed: added (it runs as a failed node)',
      before: deployed(base),
      after: deployed({ ...base, nodes: [...base.nodes, node('u', 'opcua-read')] }),
      plan: expected({ keep: allKept, add: ['u'] }),
    },
  ];

  it.each(cases)('$name', ({ before, after, plan }) => {
    expect(planNodeUpdate({ before, after, catalog: registry })).toEqual(plan);
  });

  it('does not change its inputs', () => {
    const before = deployed(base);
    const after = deployed(withConfig('b1', null));
    const snapshot = structuredClone({ before, after });
    planNodeUpdate({ before, after, catalog: registry });
    expect({ before, after }).toEqual(snapshot);
  });
});

interface Spec {
  flow: Flow;
  sharedConfigs: ConfigNode[];
  credentials: Record<string, Record<string, unknown>>;
}
const spec = (id: string, change: Partial<Flow> = {}, credentials: Spec['credentials'] = {}): Spec => ({
  flow: { ...base, ...change, id },
  sharedConfigs: [],
  credentials,
});
const reverseKeys = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(reverseKeys)
    : v !== null && typeof v === 'object'
      ? Object.fromEntries(
          Object.entries(v)
            .reverse()
            .map(([k, x]) => [k, reverseKeys(x)]),
        )
      : v;
const none: FlowDeployPlan = { start: [], restart: [], update: [], stop: [] };
const modes: DeployMode[] = ['full', 'flows', 'nodes'];

describe('planFlowDeploy', () => {
  it.each(modes)('first deploy starts every enabled flow (%s)', (mode) => {
    expect(planFlowDeploy([], [spec('f1'), spec('f2'), spec('f3', { disabled: true })], mode)).toEqual({
      ...none,
      start: ['f1', 'f2'],
    });
  });

  it.each(modes)('leaves unchanged flows untouched, key order ignored (%s)', (mode) => {
    const before = [spec('f1'), spec('f2', {}, { p: { user: 'u', password: 'x' } })];
    const after = [reverseKeys(spec('f1')) as Spec, spec('f2', {}, { p: { password: 'x', user: 'u' } })];
    expect(planFlowDeploy(before, after, mode)).toEqual(none);
  });

  const changed: Array<{ name: string; after: Spec; plans: Record<DeployMode, keyof FlowDeployPlan> }> = [
    {
      name: 'changed node config',
      after: spec('f1', withNode('a', { config: { add: 2 } })),
      plans: { full: 'restart', flows: 'restart', nodes: 'update' },
    },
    {
      name: 'moved node',
      after: spec('f1', withNode('a', { position: { x: 5, y: 5 } })),
      plans: { full: 'restart', flows: 'restart', nodes: 'update' },
    },
    {
      name: 'changed shared config node',
      after: { ...spec('f1'), sharedConfigs: [conf('t9', 'tls', { ca: 'pem' })] },
      plans: { full: 'restart', flows: 'restart', nodes: 'update' },
    },
    {
      name: 'changed credentials',
      after: spec('f1', {}, { p: { password: 'new' } }),
      plans: { full: 'restart', flows: 'restart', nodes: 'restart' },
    },
    {
      name: 'changed isolation',
      after: spec('f1', { isolation: 'dedicated' }),
      plans: { full: 'restart', flows: 'restart', nodes: 'restart' },
    },
    {
      name: 'isolation set to the default explicitly',
      after: spec('f1', { isolation: 'shared' }),
      plans: { full: 'restart', flows: 'restart', nodes: 'restart' },
    },
    {
      name: 'changed context store',
      after: spec('f1', { context: { store: 'file' } }),
      plans: { full: 'restart', flows: 'restart', nodes: 'restart' },
    },
    {
      name: 'changed context flush interval',
      after: spec('f1', { context: { store: 'memory', flushIntervalMs: 0 } }),
      plans: { full: 'restart', flows: 'restart', nodes: 'restart' },
    },
    {
      name: 'changed nodes and credentials',
      after: spec('f1', withNode('a', { config: { add: 2 } }), { p: { password: 'new' } }),
      plans: { full: 'restart', flows: 'restart', nodes: 'restart' },
    },
  ];
  const changedCases = changed.flatMap((c) => modes.map((mode) => ({ ...c, mode, action: c.plans[mode] })));

  it.each(changedCases)('$name in mode $mode: $action', ({ after, mode, action }) => {
    expect(planFlowDeploy([spec('f1')], [after], mode)).toEqual({ ...none, [action]: ['f1'] });
  });

  it.each(modes)('stops flows that are gone or disabled, starts re-enabled ones (%s)', (mode) => {
    const before = [spec('f1'), spec('f2'), spec('f3'), spec('f4', { disabled: true })];
    const after = [spec('f1'), spec('f3', { disabled: true }), spec('f4')];
    expect(planFlowDeploy(before, after, mode)).toEqual({ ...none, start: ['f4'], stop: ['f2', 'f3'] });
  });

  it('plans a mixed deploy in one pass, in definition order', () => {
    const before = [spec('f1'), spec('f2'), spec('f3'), spec('f4')];
    const after = [
      spec('f5'),
      spec('f4', withNode('a', { config: { add: 9 } })),
      spec('f3', {}, { p: { token: 't' } }),
      spec('f2'),
    ];
    expect(planFlowDeploy(before, after, 'nodes')).toEqual({
      start: ['f5'],
      restart: ['f3'],
      update: ['f4'],
      stop: ['f1'],
    });
  });

  it('takes any iterable of specs; on a repeated id the last spec wins', () => {
    const running = new Map([['f1', spec('f1')]]);
    const plan = planFlowDeploy(running.values(), [spec('f1', { name: 'x' }), spec('f1')], 'flows');
    expect(plan).toEqual(none);
  });

  it('needs only the flow id, disabled flag and isolation, plus credentials', () => {
    const plan = planFlowDeploy(
      [{ flow: { id: 'a' } }],
      [{ flow: { id: 'a' }, credentials: { n: { k: 1 } } }],
      'nodes',
    );
    expect(plan).toEqual({ ...none, restart: ['a'] });
  });
});
