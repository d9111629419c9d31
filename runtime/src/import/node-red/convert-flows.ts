import {
  FLOW_FORMAT_VERSION,
  UserError,
  type ConfigNode,
  type Flow,
  type FlowNode,
  type Group,
  type NodeCatalog,
} from '@millwright/model';
import { CONVERTERS } from './converters/index.js';
import { asSubflowDefinition, convertSubflowInstance, subflowParams } from './convert-subflow.js';
import { createIdMap } from './id-map.js';
import type { ConvertContext, ImportReport, NodeRedNode } from './types.js';
import { text } from './values.js';
import { wiresFrom } from './wiring.js';

export interface NodeRedImportOptions {
  /**
   * Installed node types. With it, a node whose type is not installed or whose converted config
   * does not validate becomes a placeholder too, so the result always deploys.
   */
  catalog?: NodeCatalog;
}

/** Converted flows (one per Node-RED tab) and what happened on the way. */
export interface NodeRedImport {
  flows: Flow[];
  report: ImportReport;
}

const STRUCTURAL = new Set(['tab', 'subflow', 'group', 'junction']);

/**
 * Converts a Node-RED export (the flows.json array, or `{ flows: [...] }` as the Node-RED admin
 * API answers) into Millwright flows, one per tab: positions, names, groups, disabled flags and
 * wires (through junctions) are kept; nodes go through the converter table. Nodes without a
 * converter, subflow instances and nodes whose conversion is impossible become `unsupported`
 * placeholders that keep the original JSON and their wires, and every one is listed in the report.
 * Config nodes (mqtt-broker) go to the `configs` of the flow that uses them; a global one used on
 * several tabs goes to a shared config document (`shared: true`, decision 0039), defined once.
 *
 * Pure: no IO. Throws `UserError` `invalid_node_red_export` when the input is not a Node-RED export.
 */
export function convertNodeRedFlows(input: unknown, options: NodeRedImportOptions = {}): NodeRedImport {
  const entries = readEntries(input);
  const report: ImportReport = { converted: 0, placeholders: [], warnings: [], flows: [] };
  const byId = new Map(entries.map((n) => [n.id, n]));
  const tabs = entries.filter((n) => n.type === 'tab');
  const subflows = new Map(entries.filter((n) => n.type === 'subflow').map((n) => [n.id, n]));
  // Subflows convert to definitions like tabs to flows (convert-subflow.ts).
  const tabIds = new Set([...tabs.map((t) => t.id), ...subflows.keys()]);
  const ids = createIdMap(entries.map((n) => n.id));
  const onTab = (n: NodeRedNode) => n.z !== undefined && tabIds.has(n.z);
  const isConfigNode = (n: NodeRedNode) =>
    !STRUCTURAL.has(n.type) && !(n.z && subflows.has(n.z)) && n.wires === undefined && n.x === undefined;
  const visible = (n: NodeRedNode | undefined) => (n && (onTab(n) || isConfigNode(n)) ? n : undefined);
  const ctx: ConvertContext = {
    node: (id) => visible(byId.get(id)),
    groupMembers: (groupId) => groupMembers(groupId, byId),
    idOf: (id) => ids.get(id),
    sources: (id) => sourcesOf(id, entries, byId),
  };

  // Config nodes first: flow nodes refer to them, and their outcome decides where they live.
  const configs = new Map<string, ConfigNode>(); // Node-RED id -> converted config node
  const brokenConfigs = new Map<string, NodeRedNode>();
  for (const n of entries.filter(isConfigNode)) {
    const converter = CONVERTERS[n.type];
    const outcome = converter?.kind === 'config' ? converter.convert(n, ctx) : undefined;
    const tab = n.z && tabIds.has(n.z) ? n.z : undefined;
    const reason =
      outcome === undefined
        ? `config node "${n.type}" has no Millwright equivalent`
        : 'unsupported' in outcome
          ? outcome.unsupported
          : configProblem(outcome.type, outcome.config, options.catalog);
    if (reason || !outcome || 'unsupported' in outcome) {
      brokenConfigs.set(n.id, n);
      report.placeholders.push(placeholderEntry(n, tab, reason ?? ''));
      continue;
    }
    for (const w of outcome.warnings ?? [])
      report.warnings.push({ id: n.id, type: n.type, ...(tab ? { tab } : {}), message: w });
    configs.set(n.id, {
      id: ids.get(n.id),
      type: outcome.type,
      typeVersion: 1,
      ...(n.name ? { name: text(n.name).slice(0, 256) } : {}),
      config: outcome.config,
    });
    report.converted++;
  }
  const configHome = homeOfConfigs(entries, configs, tabs, onTab);

  const flows: Flow[] = [];
  for (const tab of [...tabs, ...subflows.values()]) {
    const tabNodes = entries.filter((n) => n.z === tab.id && !STRUCTURAL.has(n.type) && !isConfigNode(n));
    const nodes: FlowNode[] = [];
    const outputsOf = new Map<string, number>();
    const noInput = new Map<string, string>(); // Node-RED id -> converted type without an input port
    for (const n of tabNodes) {
      const warn = (message: string) => report.warnings.push({ id: n.id, type: n.type, tab: tab.id, message });
      const converted = convertNode(n, { ctx, catalog: options.catalog, subflows, entries, brokenConfigs });
      for (const w of converted.warnings) warn(w);
      if (converted.placeholder) report.placeholders.push(placeholderEntry(n, tab.id, converted.placeholder));
      else report.converted++;
      const node: FlowNode = {
        id: ids.get(n.id),
        type: converted.type,
        typeVersion: 1, // converters write version-1 configs; a deploy migrates them
        config: converted.config,
        position: { x: Math.round(numberOr(n.x, 0)), y: Math.round(numberOr(n.y, 0)) },
        ...(n.name && typeof n.name === 'string' ? { name: n.name.slice(0, 256) } : {}),
        ...(n.d === true ? { disabled: true } : {}),
        ...(n.g && byId.get(n.g)?.type === 'group' ? { group: ids.get(n.g) } : {}),
      };
      nodes.push(node);
      outputsOf.set(n.id, options.catalog?.get(node.type)?.outputCount(node.config) ?? n.wires?.length ?? 0);
      if (options.catalog?.get(node.type)?.inputs === 0) noInput.set(n.id, node.type);
    }
    const members = new Set(tabNodes.map((n) => n.id));
    const wires = tabNodes.flatMap((n) =>
      wiresFrom({
        node: n,
        fromId: ids.get(n.id),
        outputs: outputsOf.get(n.id) ?? 0,
        byId,
        target: (id) => (members.has(id) && !noInput.has(id) ? ids.get(id) : undefined),
        missing: (id) =>
          report.warnings.push({
            id: n.id,
            type: n.type,
            tab: tab.id,
            message: noInput.has(id)
              ? `wire to "${id}" removed: the converted ${noInput.get(id)} node has no input`
              : `wire to "${id}", which is not on this tab, removed`,
          }),
        droppedPort: (port) =>
          report.warnings.push({
            id: n.id,
            type: n.type,
            tab: tab.id,
            message: `wires from output ${port + 1} removed (the converted node has fewer outputs)`,
          }),
      }),
    );
    const groups: Group[] = entries
      .filter((g) => g.type === 'group' && g.z === tab.id)
      .map((g) => groupOf(g, ids.get(g.id)));
    const flowConfigs = [...configs.entries()].filter(([id]) => configHome.get(id) === tab.id).map(([, c]) => c);
    if (tab.type === 'tab' && Array.isArray(tab['env']) && tab['env'].length)
      report.warnings.push({
        id: tab.id,
        type: 'tab',
        tab: tab.id,
        message: 'flow environment variables are not supported',
      });
    const flow: Flow = {
      version: FLOW_FORMAT_VERSION,
      id: ids.get(tab.id),
      name: text(tab['label']).slice(0, 256) || tab.id,
      ...(text(tab['info']) ? { info: text(tab['info']).slice(0, 100_000) } : {}),
      ...(tab['disabled'] === true ? { disabled: true } : {}),
      nodes,
      wires,
      ...(flowConfigs.length ? { configs: flowConfigs } : {}),
      ...(groups.length ? { groups } : {}),
    };
    if (tab.type === 'subflow') {
      for (const message of subflowParams(tab).warnings)
        report.warnings.push({ id: tab.id, type: 'subflow', tab: tab.id, message });
      flows.push(asSubflowDefinition(flow, tab, ids.get));
    } else flows.push(flow);
    report.flows.push({ id: flow.id, name: flow.name, nodes: nodes.length });
  }
  const shared = [...configs.entries()].filter(([id]) => configHome.get(id) === SHARED_HOME).map(([, c]) => c);
  if (shared.length) {
    const document: Flow = {
      version: FLOW_FORMAT_VERSION,
      id: SHARED_DOCUMENT_ID,
      name: 'Shared config (Node-RED)',
      info: 'Node-RED global config nodes used on several tabs, defined once for every flow.',
      shared: true,
      nodes: [],
      wires: [],
      configs: shared,
    };
    flows.push(document);
    report.flows.push({ id: document.id, name: document.name, nodes: 0 });
  }
  if (!tabs.length) report.warnings.push({ message: 'the export has no tabs: nothing to convert' });
  return { flows, report };
}

interface NodeOutcome {
  type: string;
  config: Record<string, unknown>;
  warnings: string[];
  /** Set when the node became a placeholder: the reason. */
  placeholder?: string;
}

function convertNode(
  n: NodeRedNode,
  env: {
    ctx: ConvertContext;
    catalog: NodeCatalog | undefined;
    subflows: ReadonlyMap<string, NodeRedNode>;
    entries: readonly NodeRedNode[];
    brokenConfigs: ReadonlyMap<string, NodeRedNode>;
  },
): NodeOutcome {
  const outputs = n.wires?.length ?? 0;
  const placeholder = (reason: string, related: NodeRedNode[] = []): NodeOutcome => ({
    type: 'unsupported',
    config: {
      originalType: n.type,
      source: 'node-red',
      reason,
      outputs,
      original: { ...n },
      related: [...related, ...referencedConfigs(n, env.brokenConfigs)].map((r) => ({ ...r })),
    },
    warnings: [],
    placeholder: reason,
  });
  if (n.type.startsWith('subflow:')) {
    const sf = env.subflows.get(n.type.slice('subflow:'.length));
    if (!sf) return placeholder(`instance of subflow "${n.type.slice('subflow:'.length)}", which is not in the export`);
    const instance = convertSubflowInstance(n, sf, env.ctx.idOf(sf.id));
    return 'unsupported' in instance
      ? placeholder(instance.unsupported)
      : { type: instance.type, config: instance.config, warnings: instance.warnings ?? [] };
  }
  const converter = CONVERTERS[n.type];
  if (!converter || converter.kind !== 'node') return placeholder(noConverterReason(n.type));
  const outcome = converter.convert(n, env.ctx);
  if ('unsupported' in outcome) return placeholder(outcome.unsupported);
  const problem = configProblem(outcome.type, outcome.config, env.catalog);
  if (problem) return placeholder(problem);
  return { type: outcome.type, config: outcome.config, warnings: outcome.warnings ?? [] };
}

function noConverterReason(type: string): string {
  if (type.startsWith('ui_') || type.startsWith('ui-')) return 'Node-RED dashboard nodes have no Millwright equivalent';
  return `no converter for Node-RED type "${type}"`;
}

/** Why a converted node cannot be used as is (type not installed, config faults), or undefined. */
function configProblem(
  type: string,
  config: Record<string, unknown>,
  catalog: NodeCatalog | undefined,
): string | undefined {
  if (!catalog) return undefined;
  const info = catalog.get(type);
  if (!info) return `node type "${type}" is not installed`;
  if (info.version !== 1) return undefined; // checked after migration, when the flow is deployed
  const faults = info.validateConfig(config);
  if (!faults.length) return undefined;
  return `converted ${type} config is invalid: ${faults.map((f) => `${f.path.join('.') || '(config)'} ${f.message}`).join('; ')}`;
}

/** Config nodes this node's JSON names by id that could not be converted (kept with the placeholder). */
function referencedConfigs(n: NodeRedNode, broken: ReadonlyMap<string, NodeRedNode>): NodeRedNode[] {
  const out: NodeRedNode[] = [];
  for (const [key, value] of Object.entries(n)) {
    if (key === 'id' || key === 'z' || typeof value !== 'string') continue;
    const c = broken.get(value);
    if (c) out.push(c);
  }
  return out;
}

/**
 * Id of the shared config document global config nodes used on several tabs go to (Node-RED ids
 * are hex): an import again replaces it, as it replaces its tabs, and leaves the editor's own alone.
 */
const SHARED_DOCUMENT_ID = 'node-red-shared';
/** `homeOfConfigs` value of a config node that goes to the shared config document. */
const SHARED_HOME = '';

/**
 * Each converted config node lives in its own tab if flow-scoped; a global one in the tab that uses
 * it (or the first tab), or in the shared config document when nodes of several tabs use it.
 */
function homeOfConfigs(
  entries: readonly NodeRedNode[],
  configs: ReadonlyMap<string, ConfigNode>,
  tabs: readonly NodeRedNode[],
  onTab: (n: NodeRedNode) => boolean,
): Map<string, string> {
  const home = new Map<string, string>();
  const tabOrder = new Map(tabs.map((t, i) => [t.id, i]));
  for (const id of configs.keys()) {
    const own = entries.find((e) => e.id === id)?.z;
    if (own && tabOrder.has(own)) {
      home.set(id, own);
      continue;
    }
    let best: string | undefined;
    const users = new Set<string>();
    for (const n of entries) {
      if (!onTab(n) || !Object.values(n).includes(id)) continue;
      users.add(n.z ?? '');
      if (best === undefined || (tabOrder.get(n.z ?? '') ?? 0) < (tabOrder.get(best) ?? 0)) best = n.z;
    }
    if (users.size > 1) {
      home.set(id, SHARED_HOME);
      continue;
    }
    const first = tabs[0]?.id;
    const chosen = best ?? first;
    if (chosen) home.set(id, chosen);
  }
  return home;
}

/** Nodes whose wires reach `id` directly or through junctions. */
function sourcesOf(id: string, entries: readonly NodeRedNode[], byId: ReadonlyMap<string, NodeRedNode>): NodeRedNode[] {
  const reaches = (targets: readonly string[], seen: Set<string>): boolean =>
    targets.some((t) => {
      if (t === id) return true;
      const j = byId.get(t);
      if (j?.type !== 'junction' || seen.has(t)) return false;
      seen.add(t);
      return reaches(j.wires?.flat() ?? [], seen);
    });
  return entries.filter(
    (n) => n.type !== 'junction' && Array.isArray(n.wires) && reaches(n.wires.flat(), new Set<string>()),
  );
}

function groupMembers(groupId: string, byId: ReadonlyMap<string, NodeRedNode>, seen = new Set<string>()): string[] {
  const g = byId.get(groupId);
  if (!g || seen.has(groupId)) return [];
  seen.add(groupId);
  const out: string[] = [];
  for (const id of Array.isArray(g['nodes']) ? g['nodes'].map(text) : []) {
    if (byId.get(id)?.type === 'group') out.push(...groupMembers(id, byId, seen));
    else out.push(id);
  }
  return out;
}

function groupOf(g: NodeRedNode, id: string): Group {
  const style = typeof g['style'] === 'object' && g['style'] !== null ? (g['style'] as Record<string, unknown>) : {};
  const fill = typeof style['fill'] === 'string' && style['fill'].length <= 32 ? style['fill'] : undefined;
  return { id, ...(g.name ? { name: text(g.name).slice(0, 256) } : {}), ...(fill ? { color: fill } : {}) };
}

function placeholderEntry(n: NodeRedNode, tab: string | undefined, reason: string) {
  return { id: n.id, type: n.type, ...(n.name ? { name: text(n.name) } : {}), ...(tab ? { tab } : {}), reason };
}

function numberOr(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

function readEntries(input: unknown): NodeRedNode[] {
  const list = Array.isArray(input)
    ? input
    : typeof input === 'object' && input !== null && Array.isArray(Reflect.get(input, 'flows'))
      ? (Reflect.get(input, 'flows') as unknown[])
      : undefined;
  if (!list)
    throw new UserError(
      'invalid_node_red_export',
      'expected a Node-RED export: an array of nodes (flows.json) or { flows: [...] }',
    );
  const bad = list.filter(
    (n) =>
      typeof n !== 'object' ||
      n === null ||
      typeof Reflect.get(n, 'id') !== 'string' ||
      typeof Reflect.get(n, 'type') !== 'string',
  ).length;
  if (bad)
    throw new UserError(
      'invalid_node_red_export',
      `not a Node-RED export: ${bad} of ${list.length} entries lack a string "id" and "type"`,
    );
  const entries = list as NodeRedNode[];
  // "Export selected nodes" leaves the tab out: give such nodes a tab of their own.
  const containers = new Set(entries.filter((n) => n.type === 'tab' || n.type === 'subflow').map((n) => n.id));
  const missing = [...new Set(entries.flatMap((n) => (n.z && !containers.has(n.z) ? [n.z] : [])))];
  return [...missing.map((z, i) => ({ id: z, type: 'tab', label: `Imported flow ${i + 1}` })), ...entries];
}
