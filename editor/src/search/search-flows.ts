import type { Flow } from '@millwright/model';

/** One node found by `searchFlows`, with where the text matched. */
export interface SearchHit {
  flowId: string;
  flowName: string;
  nodeId: string;
  /** The node's name, or its type label when unnamed. */
  title: string;
  type: string;
  /** `name`, `type`, `id` or the config path that matched (`config.url`). */
  field: string;
  /** The matching text, cut around the match. */
  excerpt: string;
}

const MAX_EXCERPT = 80;

/**
 * Finds nodes (and config nodes) across all flows whose name, type, type label, id or any config
 * value contains every word of `query` (case-insensitive). Ranked: name matches first, then type,
 * id and config; at most `limit` hits so a one-letter query stays instant on 2,000 nodes.
 */
export function searchFlows(
  flows: readonly Flow[],
  typeLabel: (type: string) => string,
  query: string,
  limit = 50,
): SearchHit[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return [];
  const ranked: Array<{ rank: number; hit: SearchHit }> = [];
  for (const flow of flows) {
    const elements = [...flow.nodes, ...(flow.configs ?? [])];
    for (const n of elements) {
      const label = typeLabel(n.type);
      const fields: Array<[string, string]> = [
        ['name', n.name ?? ''],
        ['type', `${n.type} ${label}`],
        ['id', n.id],
        ...configTexts(n.config, 'config'),
      ];
      const all = fields.map(([, text]) => text.toLowerCase()).join('\n');
      if (!words.every((w) => all.includes(w))) continue;
      const first = words[0] ?? '';
      const at = fields.findIndex(([, text]) => text.toLowerCase().includes(first));
      const [field, text] = fields[Math.max(at, 0)] ?? ['name', ''];
      ranked.push({
        rank: Math.min(at < 0 ? 3 : at, 3),
        hit: {
          flowId: flow.id,
          flowName: flow.name,
          nodeId: n.id,
          title: n.name?.trim() ? n.name : label,
          type: n.type,
          field,
          excerpt: excerptOf(text, first),
        },
      });
    }
  }
  return ranked
    .sort((a, b) => a.rank - b.rank)
    .slice(0, limit)
    .map((r) => r.hit);
}

/** Every string, number and boolean in a config, with its path (`config.rules.0.value`). */
function configTexts(value: unknown, path: string, out: Array<[string, string]> = []): Array<[string, string]> {
  if (out.length > 200) return out; // a huge config (a 2,000-line function) is searched, not listed
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    out.push([path, String(value)]);
  else if (Array.isArray(value)) value.forEach((v, i) => configTexts(v, `${path}.${i}`, out));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) configTexts(v, `${path}.${k}`, out);
  return out;
}

function excerptOf(text: string, word: string): string {
  const flat = text.replace(/\s+/g, ' ');
  if (flat.length <= MAX_EXCERPT) return flat;
  const at = Math.max(0, flat.toLowerCase().indexOf(word) - 20);
  const cut = flat.slice(at, at + MAX_EXCERPT);
  return `${at > 0 ? '…' : ''}${cut}${at + MAX_EXCERPT < flat.length ? '…' : ''}`;
}
