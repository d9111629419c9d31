import { useMemo, useState } from 'react';
import { useEditor } from '../app/useEditor.js';
import { useServices } from '../app/useServices.js';
import { Dialog } from '../layout/Dialog.js';
import { setActiveFlow } from '../store/editor-state.js';
import { openDialog } from '../store/ui-state.js';
import { PickList } from './PickList.js';
import { searchFlows } from './search-flows.js';

/** Ctrl+F: finds nodes and config nodes across all flows by name, type, id or config value, and jumps there. */
export function SearchDialog() {
  const services = useServices();
  const flows = useEditor((s) => s.flows);
  const catalog = useEditor((s) => s.catalog);
  const [query, setQuery] = useState('');
  const hits = useMemo(() => searchFlows(flows, (t) => catalog.get(t)?.label ?? t, query), [flows, catalog, query]);
  const close = () => openDialog(services.ui, undefined);
  const items = hits.map((h) => ({
    key: `${h.flowId}/${h.nodeId}`,
    primary: `${h.title} · ${h.flowName}`,
    secondary: `${h.field}: ${h.excerpt}`,
  }));
  return (
    <Dialog title="Search all flows" onClose={close} testId="search-dialog" wide>
      <PickList
        items={items}
        query={query}
        onQuery={setQuery}
        placeholder="Name, type, id or config value"
        testId="search"
        empty="No node matches."
        onPick={(item) => {
          const hit = hits.find((h) => `${h.flowId}/${h.nodeId}` === item.key);
          close();
          if (!hit) return;
          const isNode = flows.some((f) => f.nodes.some((n) => n.id === hit.nodeId));
          if (isNode) services.canvas.current?.revealNode(hit.nodeId);
          else services.editor.set((s) => ({ ...setActiveFlow(s, hit.flowId), inspectedConfig: hit.nodeId }));
          services.ui.set((u) => ({ ...u, rightTab: 'properties' }));
        }}
      />
    </Dialog>
  );
}
