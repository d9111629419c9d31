import { isRecord } from '../schema/json-schema.js';

/**
 * The Node-RED export in an import text (the flows.json array, or `{ flows: [...] }` as Node-RED's
 * admin API answers), else undefined. A Node-RED export is a list of objects that all have a string
 * `type` and none of a Millwright flow's `nodes`/`version`, with at least one tab (`type: 'tab'`)
 * or flow node (`z` or `wires`): config nodes alone are not worth a conversion.
 */
export function nodeRedExport(text: string): unknown[] | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('[') && !trimmed.startsWith('{')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  const list = Array.isArray(value) ? value : isRecord(value) && Array.isArray(value['flows']) ? value['flows'] : [];
  if (!list.length) return undefined;
  const allNodeRed = list.every(
    (v) => isRecord(v) && typeof v['type'] === 'string' && !('nodes' in v) && !('version' in v),
  );
  const someFlowItem = list.some(
    (v) => isRecord(v) && (v['type'] === 'tab' || typeof v['z'] === 'string' || Array.isArray(v['wires'])),
  );
  return allNodeRed && someFlowItem ? list : undefined;
}
