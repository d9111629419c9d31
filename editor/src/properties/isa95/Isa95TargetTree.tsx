import { useMemo, useState } from 'react';
import type { Isa95TreeNode } from '../../api/api-client.js';

/** `a[3].b[0].c` -> `a[0].b[0].c`: the tree names every list item `[0]`. */
const treePath = (path: string) => path.replace(/\[\d+\]/g, '[0]');

/** Paths of the branches above `path` (`a`, `a[0]`, `a[0].b`...), to open the tree where a value points. */
function ancestorsOf(path: string): string[] {
  const out: string[] = [''];
  const re = /\[0\]|\.?[^.[]+/g;
  let m: RegExpExecArray | null;
  let at = '';
  const p = treePath(path);
  while ((m = re.exec(p))) {
    at += m[0];
    if (at !== p) out.push(at);
  }
  return out;
}

/** The branches holding a leaf that matches `query` (in its name or path), and those leaves. */
function matching(tree: Isa95TreeNode, query: string): Set<string> {
  const q = query.toLowerCase();
  const keep = new Set<string>();
  const visit = (n: Isa95TreeNode): boolean => {
    const self = !n.children && (n.path.toLowerCase().includes(q) || n.name.toLowerCase().includes(q));
    let any = false;
    for (const c of n.children ?? []) any = visit(c) || any;
    if (self || any) keep.add(n.path);
    return self || any;
  };
  visit(tree);
  return keep;
}

/**
 * The isa95-map target picker: the chosen document's noun as a tree (objects, lists with their item
 * `[0]`, typed leaves), opened where the cell's value points. Branches render only when opened;
 * typing filters to the leaves matching and opens their branches. A leaf click fills the target.
 */
export function Isa95TargetTree({
  tree,
  document,
  value,
  onPick,
  onClose,
}: {
  tree: Isa95TreeNode;
  document: string;
  value: string;
  onPick(path: string): void;
  onClose(): void;
}) {
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set(ancestorsOf(value)));
  const [query, setQuery] = useState('');
  const found = useMemo(() => (query.trim() ? matching(tree, query.trim()) : undefined), [tree, query]);
  const current = treePath(value);
  const toggle = (path: string) =>
    setOpen((s) => {
      const next = new Set(s);
      if (!next.delete(path)) next.add(path);
      return next;
    });

  const row = (n: Isa95TreeNode, depth: number) => {
    if (found && !found.has(n.path)) return null;
    const branch = !!n.children;
    const expanded = branch && (found !== undefined || open.has(n.path));
    return (
      <li
        key={n.path || '(root)'}
        role="treeitem"
        aria-expanded={branch ? expanded : undefined}
        aria-selected={!branch && n.path === current}
        data-testid={`isa95-tree-${n.path || 'root'}`}
        data-type={n.type}
      >
        <button
          type="button"
          className={`isa95-tree-row ${branch ? 'branch' : 'leaf'} ${!branch && n.path === current ? 'current' : ''}`}
          style={{ paddingLeft: `${depth * 12 + 4}px` }}
          title={[n.path || document, n.description].filter(Boolean).join('\n')}
          onClick={() => (branch ? toggle(n.path) : onPick(n.path))}
        >
          <span className="isa95-tree-twisty" aria-hidden>
            {branch ? (expanded ? '▾' : '▸') : ''}
          </span>
          <span className="isa95-tree-name">
            {n.name}
            {n.required && (
              <span className="isa95-tree-required" title="required">
                *
              </span>
            )}
          </span>
          <span className="isa95-tree-type">{n.values ? `enum: ${n.values.join(' | ')}` : n.type}</span>
        </button>
        {expanded && <ul role="group">{n.children?.map((c) => row(c, depth + 1))}</ul>}
      </li>
    );
  };

  return (
    <div className="isa95-tree" data-testid="isa95-target-tree">
      <div className="isa95-tree-head">
        <span title="B2MML document (verb + noun)">
          <strong>{document}</strong>
        </span>
        <button type="button" title="Close" aria-label="Close the model tree" onClick={onClose}>
          ✕
        </button>
      </div>
      <input
        type="search"
        autoFocus
        data-testid="isa95-tree-search"
        placeholder="Search the model: quantity, startTime…"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => e.key === 'Escape' && onClose()}
      />
      <ul role="tree" aria-label={`${document} model`} className="isa95-tree-list">
        {row(tree, 0)}
      </ul>
      {found && found.size === 0 && <div className="field-help">No field matches “{query}”.</div>}
    </div>
  );
}
