import { flowNodeSchema, validateFlow, wireSchema, type Flow, type ValidationIssue } from '@millwright/model';
import { isClipboardData, type ClipboardData } from '../store/clipboard.js';
import { isRecord } from '../schema/json-schema.js';

/** What an import text contains: whole flows (new tabs) or loose nodes (pasted into the open flow). */
export type ImportPayload = { kind: 'flows'; flows: Flow[] } | { kind: 'nodes'; data: ClipboardData };

export type ParsedImport =
  { ok: true; payload: ImportPayload } | { ok: false; error: string; issues?: ValidationIssue[] };

/**
 * Reads flow JSON from a file or the clipboard. Accepts a flow file, an array of flows,
 * `{ flows: [...] }` (GET /api/flows) and copied nodes (`{ nodes, wires }`). Flows are checked for
 * structure here; node configs are checked by the usual validation once they are in the editor.
 */
export function parseImport(text: string): ParsedImport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `not valid JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (isClipboardData(value)) return checkNodes(value.nodes, value.wires, value.configs);
  const list = Array.isArray(value)
    ? value
    : isRecord(value) && Array.isArray(value['flows'])
      ? value['flows']
      : undefined;
  if (list) return checkFlows(list);
  if (isRecord(value) && 'version' in value) return checkFlows([value]);
  if (isRecord(value) && Array.isArray(value['nodes']))
    return checkNodes(value['nodes'], Array.isArray(value['wires']) ? value['wires'] : [], []);
  return { ok: false, error: 'expected a flow, a list of flows or copied nodes' };
}

function checkFlows(values: unknown[]): ParsedImport {
  if (!values.length) return { ok: false, error: 'the file contains no flows' };
  const flows: Flow[] = [];
  const issues: ValidationIssue[] = [];
  values.forEach((v, i) => {
    const r = validateFlow(v, values.length > 1 ? { pathPrefix: [i] } : {});
    if (r.ok) flows.push(r.flow);
    else issues.push(...r.issues);
  });
  if (issues.length) return { ok: false, error: `the flow file is not valid (${issues.length} problem(s))`, issues };
  return { ok: true, payload: { kind: 'flows', flows } };
}

function checkNodes(nodes: unknown[], wires: unknown[], configs: unknown[]): ParsedImport {
  const parsedNodes = nodes.map((n) => flowNodeSchema.safeParse(n));
  const parsedWires = wires.map((w) => wireSchema.safeParse(w));
  const bad = parsedNodes.findIndex((r) => !r.success);
  if (bad >= 0) return { ok: false, error: `node ${bad + 1} is not a valid flow node` };
  const data: ClipboardData = {
    kind: 'millwright/nodes',
    nodes: parsedNodes.flatMap((r) => (r.success ? [r.data] : [])),
    wires: parsedWires.flatMap((r) => (r.success ? [r.data] : [])),
    configs: configs.flatMap((c) => (isClipboardConfig(c) ? [c] : [])),
  };
  if (!data.nodes.length) return { ok: false, error: 'no nodes to import' };
  return { ok: true, payload: { kind: 'nodes', data } };
}

function isClipboardConfig(c: unknown): c is ClipboardData['configs'][number] {
  return isRecord(c) && typeof c['id'] === 'string' && typeof c['type'] === 'string' && isRecord(c['config']);
}

/** Clipboard text that holds nodes (ours or a flow export), else undefined (plain text is not pasted). */
export function parseClipboardText(text: string): ClipboardData | undefined {
  if (!text.trim().startsWith('{') && !text.trim().startsWith('[')) return undefined;
  const r = parseImport(text);
  if (!r.ok) return undefined;
  if (r.payload.kind === 'nodes') return r.payload.data;
  const flow = r.payload.flows[0];
  return flow
    ? { kind: 'millwright/nodes', nodes: flow.nodes, wires: flow.wires, configs: flow.configs ?? [] }
    : undefined;
}
