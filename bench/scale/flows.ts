/**
 * The flows of `npm run bench:scale`, for both engines, built from one description so both run the
 * same thing: a "small flow" is inject (every 1 s, payload 1) -> function
 * (`msg.payload = msg.payload * 2; return msg;`) -> change (set msg.topic) -> debug (sidebar only,
 * nothing on the console). The 1,000-node flow is 250 such chains on one tab.
 */
import type { Flow, FlowNode } from '@millwright/model';

/** The function node's code, the same text on both engines. */
export const DOUBLE = 'msg.payload = msg.payload * 2; return msg;';

/** Id of the flow (Millwright) / tab (Node-RED) number `i` of the small flows. */
export const smallFlowId = (i: number): string => `scale-${String(i).padStart(3, '0')}`;

/** Id of the one big flow / tab. */
export const BIG_FLOW_ID = 'scale-big';

/** Chains of four nodes in the big flow: 250 x 4 = 1,000 nodes. */
export const BIG_CHAINS = 250;

/** What the change node sets `msg.topic` to; a deploy that modifies a flow changes this value. */
export const TOPIC = 'scale';

/** One chain of a flow: ids of its four nodes, prefixed so chains and flows never clash. */
const chainIds = (prefix: string) => ({
  inject: `${prefix}-inject`,
  fn: `${prefix}-double`,
  change: `${prefix}-topic`,
  debug: `${prefix}-debug`,
});

/** The chain prefixes of a flow: one for a small flow, {@link BIG_CHAINS} for the big one. */
const prefixes = (flowId: string, chains: number): string[] =>
  chains === 1 ? [flowId] : Array.from({ length: chains }, (_, k) => `${flowId}-c${String(k).padStart(3, '0')}`);

// ---- Millwright ------------------------------------------------------------------------------

/** A Millwright flow of `chains` chains, every config key written out (as the editor stores it). */
export function millwrightFlow(flowId: string, chains = 1): Flow {
  const nodes: FlowNode[] = [];
  const wires: Flow['wires'] = [];
  prefixes(flowId, chains).forEach((prefix, row) => {
    const ids = chainIds(prefix);
    const y = 80 + row * 60;
    const node = (id: string, type: string, x: number, config: Record<string, unknown>): FlowNode => ({
      id,
      type,
      typeVersion: 1,
      config,
      position: { x, y },
    });
    nodes.push(
      node(ids.inject, 'inject', 100, {
        payloadType: 'number',
        payload: '1',
        topic: '',
        props: [],
        once: false,
        onceDelayMs: 100,
        repeat: 'interval',
        intervalMs: 1000,
        cron: '',
        burst: 1,
      }),
      node(ids.fn, 'function', 300, {
        code: DOUBLE,
        outputs: 1,
        timeoutMs: 1000,
        memoryLimitMb: 32,
        asyncTimeoutMs: 30000,
        initCode: '',
        finalizeCode: '',
      }),
      node(ids.change, 'change', 500, {
        rules: [{ action: 'set', property: 'topic', valueType: 'string', value: TOPIC }],
        regexMaxInput: 10000,
      }),
      node(ids.debug, 'debug', 700, { property: 'payload', active: true, toConsole: false, statusText: false }),
    );
    const wire = (from: string, to: string) => ({ from: { node: from, port: 0 }, to: { node: to, port: 0 } });
    wires.push(wire(ids.inject, ids.fn), wire(ids.fn, ids.change), wire(ids.change, ids.debug));
  });
  return { version: 1, id: flowId, name: flowId, nodes, wires };
}

/**
 * Sets the topic of the change node of chain `chain` in a Millwright flow (as read back from the
 * runtime) to `topic`: the "one modified node" of a deploy. Returns a modified copy.
 */
export function withMillwrightTopic(flow: Flow, topic: string, chain = 0): Flow {
  const id = chainIds(prefixes(flow.id, flow.nodes.length / 4)[chain] ?? flow.id).change;
  const copy = structuredClone(flow);
  const node = copy.nodes.find((n) => n.id === id);
  if (!node) throw new Error(`flow ${flow.id} has no change node ${id}`);
  node.config = { ...node.config, rules: [{ action: 'set', property: 'topic', valueType: 'string', value: topic }] };
  return copy;
}

// ---- Node-RED --------------------------------------------------------------------------------

/** One entry of a Node-RED flows file (a tab or a node). */
export type NodeRedEntry = Record<string, unknown> & { id: string; type: string; z?: string };

/** A Node-RED tab with `chains` chains of inject, function, change, debug. */
export function nodeRedTab(flowId: string, chains = 1): NodeRedEntry[] {
  const out: NodeRedEntry[] = [{ id: flowId, type: 'tab', label: flowId, disabled: false, info: '', env: [] }];
  prefixes(flowId, chains).forEach((prefix, row) => {
    const ids = chainIds(prefix);
    const y = 80 + row * 60;
    const node = (id: string, type: string, x: number, next: string | undefined, extra: Record<string, unknown>) => ({
      id,
      type,
      z: flowId,
      name: '',
      ...extra,
      x,
      y,
      wires: next ? [[next]] : [],
    });
    out.push(
      node(ids.inject, 'inject', 100, ids.fn, {
        props: [{ p: 'payload' }, { p: 'topic', vt: 'str' }],
        repeat: '1',
        crontab: '',
        once: false,
        onceDelay: 0.1,
        topic: '',
        payload: '1',
        payloadType: 'num',
      }),
      node(ids.fn, 'function', 300, ids.change, {
        func: DOUBLE,
        outputs: 1,
        timeout: 0,
        noerr: 0,
        initialize: '',
        finalize: '',
        libs: [],
      }),
      node(ids.change, 'change', 500, ids.debug, {
        rules: [{ t: 'set', p: 'topic', pt: 'msg', to: TOPIC, tot: 'str' }],
        action: '',
        property: '',
        from: '',
        to: '',
        reg: false,
      }),
      node(ids.debug, 'debug', 700, undefined, {
        active: true,
        tosidebar: true,
        console: false,
        tostatus: false,
        complete: 'payload',
        targetType: 'msg',
        statusVal: '',
        statusType: 'auto',
      }),
    );
  });
  return out;
}

/**
 * Sets the topic of the change node of chain `chain` on tab `flowId` in a Node-RED flows array (as
 * read back from `GET /flows`) to `topic`. Returns a modified copy.
 */
export function withNodeRedTopic(flows: NodeRedEntry[], flowId: string, topic: string, chain = 0): NodeRedEntry[] {
  const chains = flows.filter((n) => n.z === flowId).length / 4;
  const id = chainIds(prefixes(flowId, chains)[chain] ?? flowId).change;
  const copy = structuredClone(flows);
  const node = copy.find((n) => n.id === id);
  if (!node) throw new Error(`tab ${flowId} has no change node ${id}`);
  node.rules = [{ t: 'set', p: 'topic', pt: 'msg', to: topic, tot: 'str' }];
  return copy;
}

/**
 * Settings for Node-RED as a plant would run it for this bench: editor and admin API on (no
 * adminAuth: loopback only), logging at info (the bench reads "Started flows"), telemetry, update
 * checks and diagnostics off, no palette installs.
 */
export function nodeRedSettings(userDir: string): string {
  const settings = {
    userDir,
    uiHost: '127.0.0.1',
    flowFile: 'flows.json',
    credentialSecret: 'millwright-bench',
    telemetry: { enabled: false, updateNotification: false },
    diagnostics: { enabled: false, ui: false },
    externalModules: { autoInstall: false, palette: { allowInstall: false }, modules: { allowInstall: false } },
    logging: { console: { level: 'info', metrics: false, audit: false } },
  };
  return `module.exports = ${JSON.stringify(settings, null, 2)};\n`;
}
