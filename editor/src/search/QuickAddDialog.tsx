import type { Position } from '@millwright/model';
import { useMemo, useState } from 'react';
import { useEditor } from '../app/useEditor.js';
import { useServices } from '../app/useServices.js';
import { Dialog } from '../layout/Dialog.js';
import { paletteGroups } from '../palette/palette-groups.js';
import { addNode } from '../store/actions.js';
import { openDialog } from '../store/ui-state.js';
import { PickList } from './PickList.js';

/** Ctrl+click on the canvas or "/": type part of a node's name, Enter drops it where the click was. */
export function QuickAddDialog({ at, initial }: { at: Position; initial?: string | undefined }) {
  const services = useServices();
  const catalog = useEditor((s) => s.catalog);
  const [query, setQuery] = useState(initial ?? '');
  const items = useMemo(
    () =>
      paletteGroups(catalog.values(), query)
        .flatMap((g) => g.entries)
        .map((e) => ({ key: e.type, primary: e.label, secondary: `${e.category} · ${e.description}` })),
    [catalog, query],
  );
  const close = () => openDialog(services.ui, undefined);
  return (
    <Dialog title="Add a node" onClose={close} testId="quick-add">
      <PickList
        items={items}
        query={query}
        onQuery={setQuery}
        placeholder="Type a node name"
        testId="quick-add"
        empty="No node type matches."
        onPick={(item) => {
          close();
          services.editor.set((s) => addNode(s, item.key, at));
          services.ui.set((u) => ({ ...u, rightTab: 'properties' }));
        }}
      />
    </Dialog>
  );
}
