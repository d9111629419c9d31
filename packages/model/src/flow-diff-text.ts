import type { FieldChange, FlowDiff, ItemChange } from './flow-diff.js';
import { formatFlowPath } from './flow-paths.js';
import { showValue } from './show-value.js';

const MARK = { added: '+', removed: '-', changed: '~' } as const;
const ITEM = { nodes: 'node', configs: 'config', groups: 'group' } as const;

/**
 * The lines `millwright diff` prints: `+`/`-`/`~` per flow, then its renames, settings, nodes,
 * config nodes, groups and wires; field paths relative to their node (`config.timeoutMs: 200 →
 * 500`), values as compact JSON cut at `max` characters. Ends with a one-line summary.
 */
export function formatFlowDiff(diff: FlowDiff, max = 120): string[] {
  const out: string[] = [];
  const field = (f: FieldChange, indent: string, skip: number): string => {
    const where = formatFlowPath(f.path.slice(skip)).replace(/^\$\.?/, '');
    if (f.kind === 'added') return `${indent}${where}: + ${showValue(f.after, max)}`;
    if (f.kind === 'removed') return `${indent}${where}: - ${showValue(f.before, max)}`;
    return `${indent}${where}: ${showValue(f.before, max)} → ${showValue(f.after, max)}`;
  };
  for (const flow of diff.flows) {
    const size = flow.nodeCount !== undefined ? ` (${flow.nodeCount} node${flow.nodeCount === 1 ? '' : 's'})` : '';
    out.push(`${MARK[flow.kind]} flow ${flow.id} ${JSON.stringify(flow.name)}${size}`);
    if (flow.renamed) out.push(`    renamed ${JSON.stringify(flow.renamed.from)} → ${JSON.stringify(flow.renamed.to)}`);
    for (const f of flow.settings) out.push(field(f, '    ', 0));
    for (const list of ['nodes', 'configs', 'groups'] as const)
      for (const item of flow[list]) {
        out.push(`  ${MARK[item.kind]} ${ITEM[list]} ${item.id}${describe(item)}`);
        if (item.moved)
          out.push(
            `      moved (${item.moved.from.x}, ${item.moved.from.y}) → (${item.moved.to.x}, ${item.moved.to.y})`,
          );
        for (const f of item.fields) out.push(field(f, '      ', 2));
      }
    for (const w of flow.wires.added) out.push(`  + wire ${w.from.node}:${w.from.port} → ${w.to.node}:${w.to.port}`);
    for (const w of flow.wires.removed) out.push(`  - wire ${w.from.node}:${w.from.port} → ${w.to.node}:${w.to.port}`);
  }
  const count = (kind: string) => diff.flows.filter((f) => f.kind === kind).length;
  out.push(
    diff.flows.length
      ? `${count('changed')} flow(s) changed, ${count('added')} added, ${count('removed')} removed, ${diff.unchanged} unchanged`
      : `no differences (${diff.unchanged} flow(s))`,
  );
  return out;
}

function describe(item: ItemChange): string {
  if (item.type === undefined && item.name === undefined) return '';
  return ` (${[item.type, item.name !== undefined ? JSON.stringify(item.name) : undefined].filter(Boolean).join(' ')})`;
}
