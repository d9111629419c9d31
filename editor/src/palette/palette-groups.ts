import type { NodeCatalogEntry } from '@millwright/model';

/** Palette sections in this order first; other categories follow alphabetically. */
const ORDER = ['subflows', 'common', 'function', 'sequence', 'network', 'parser', 'storage'];

export interface PaletteGroup {
  category: string;
  entries: NodeCatalogEntry[];
}

/**
 * The palette's content: placeable node types (config nodes are created from the fields that use
 * them) grouped by category, filtered by a search over type, label, category and description.
 */
export function paletteGroups(entries: Iterable<NodeCatalogEntry>, query: string): PaletteGroup[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const byCategory = new Map<string, NodeCatalogEntry[]>();
  for (const e of entries) {
    if (e.isConfig || e.inPalette === false) continue;
    const text = `${e.type} ${e.label} ${e.category} ${e.description}`.toLowerCase();
    if (!words.every((w) => text.includes(w))) continue;
    const list = byCategory.get(e.category);
    if (list) list.push(e);
    else byCategory.set(e.category, [e]);
  }
  const rank = (c: string) => {
    const i = ORDER.indexOf(c);
    return i < 0 ? ORDER.length : i;
  };
  return [...byCategory.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([category, list]) => ({ category, entries: list.sort((a, b) => a.label.localeCompare(b.label)) }));
}
