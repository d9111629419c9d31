import type { Position } from '@millwright/model';
import type { Services } from '../app/services.js';
import {
  copySelection,
  deleteSelection,
  duplicateSelection,
  groupSelection,
  paste,
  selectAll,
  ungroupSelection,
} from '../store/actions.js';
import { activeFlow, edit, select } from '../store/editor-state.js';
import { openDialog } from '../store/ui-state.js';

/** One entry of the canvas right-click menu. */
export interface MenuItem {
  id: string;
  label: string;
  shortcut?: string;
  run: () => void;
}

/**
 * The right-click menu: on a node (selected first if it was not), on a selection, or on empty
 * canvas. The same actions as the keyboard shortcuts, so both stay in one place (store/actions).
 */
export function contextMenuItems(s: Services, target: { nodeId?: string; at: Position }): MenuItem[] {
  const ed = s.editor;
  if (target.nodeId && !ed.get().selection.nodes.has(target.nodeId)) {
    const id = target.nodeId;
    ed.set((st) => select(st, [id]));
  }
  const st = ed.get();
  const flow = activeFlow(st);
  const selected = [...st.selection.nodes];
  const items: MenuItem[] = [];
  if (selected.length && flow) {
    const nodes = flow.nodes.filter((n) => st.selection.nodes.has(n.id));
    const allDisabled = nodes.every((n) => n.disabled);
    items.push(
      {
        id: 'copy',
        label: 'Copy',
        shortcut: 'Ctrl+C',
        run: () => {
          const copied = copySelection(ed.get());
          if (!copied) return;
          ed.set(() => copied.state);
          void navigator.clipboard?.writeText(JSON.stringify(copied.data)).catch(() => undefined);
        },
      },
      { id: 'duplicate', label: 'Duplicate', shortcut: 'Ctrl+D', run: () => ed.set(duplicateSelection) },
      {
        id: 'toggle-disabled',
        label: allDisabled ? 'Enable' : 'Disable',
        run: () =>
          ed.set((x) =>
            edit(
              x,
              nodes.map((n) => ({
                type: 'update-node' as const,
                flowId: flow.id,
                nodeId: n.id,
                patch: { disabled: !allDisabled },
              })),
            ),
          ),
      },
      { id: 'group', label: 'Group', shortcut: 'Ctrl+G', run: () => ed.set((x) => groupSelection(x)) },
      { id: 'ungroup', label: 'Ungroup', shortcut: 'Ctrl+Shift+G', run: () => ed.set(ungroupSelection) },
    );
    if (selected.length === 1)
      items.push({ id: 'help', label: 'Help', run: () => s.ui.set((u) => ({ ...u, rightTab: 'help' })) });
    items.push({ id: 'delete', label: 'Delete', shortcut: 'Delete', run: () => ed.set(deleteSelection) });
  } else {
    items.push(
      {
        id: 'add',
        label: 'Add a node here…',
        shortcut: 'Ctrl+click',
        run: () => openDialog(s.ui, { kind: 'quick-add', at: target.at }),
      },
      { id: 'select-all', label: 'Select all', shortcut: 'Ctrl+A', run: () => ed.set(selectAll) },
    );
  }
  if (st.clipboard?.nodes.length)
    items.push({
      id: 'paste',
      label: 'Paste here',
      shortcut: 'Ctrl+V',
      run: () => ed.set((x) => paste(x, x.clipboard, target.at)),
    });
  items.push({
    id: 'search',
    label: 'Search flows…',
    shortcut: 'Ctrl+F',
    run: () => openDialog(s.ui, { kind: 'search' }),
  });
  return items;
}
