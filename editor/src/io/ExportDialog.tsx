import { serializeFlow, sortKeys, withReferencedConfigs, type ConfigRefCatalog } from '@millwright/model';
import { useMemo, useState } from 'react';
import { useServices } from '../app/useServices.js';
import { Dialog } from '../layout/Dialog.js';
import { configRefs, type Catalog } from '../store/catalog.js';
import { copyNodes } from '../store/clipboard.js';
import { activeFlow } from '../store/editor-state.js';
import { openDialog, toast } from '../store/ui-state.js';

type Scope = 'selection' | 'flow' | 'all';

/** Exports the selection, the open flow or every flow as JSON, to a file or the clipboard. */
export function ExportDialog() {
  const { editor, ui } = useServices();
  const state = editor.get();
  const flow = activeFlow(state);
  const [scope, setScope] = useState<Scope>(state.selection.nodes.size ? 'selection' : 'flow');
  const text = useMemo(() => {
    if (scope === 'all') return `${JSON.stringify(sortKeys(state.flows), null, 2)}\n`;
    if (!flow) return '';
    // A flow alone carries the shared config nodes it uses as its own, so it imports anywhere
    // (an import into this deployment renews their ids; "move to shared" merges them back).
    if (scope === 'flow') return serializeFlow(withReferencedConfigs(flow, state.flows, refCatalog(state.catalog)));
    return `${JSON.stringify(sortKeys(copyNodes(flow, state.selection.nodes)), null, 2)}\n`;
  }, [scope, state.flows, state.catalog, state.selection.nodes, flow]);
  const fileName =
    scope === 'all' ? 'flows.json' : `${slug(flow?.name ?? 'flow')}${scope === 'selection' ? '-nodes' : ''}.flow.json`;
  const close = () => openDialog(ui, undefined);

  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1_000);
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      toast(ui, 'success', 'Copied to the clipboard.');
      close();
    } catch {
      toast(ui, 'error', 'The browser did not allow writing to the clipboard; select the text and copy it.');
    }
  };

  return (
    <Dialog title="Export" onClose={close} testId="export-dialog" wide>
      <div className="segmented" role="radiogroup">
        {(
          [
            ['selection', `Selected nodes (${state.selection.nodes.size})`],
            ['flow', 'Current flow'],
            ['all', 'All flows'],
          ] as const
        ).map(([value, label]) => (
          <button
            key={value}
            type="button"
            role="radio"
            aria-checked={scope === value}
            className={scope === value ? 'checked' : ''}
            disabled={value === 'selection' && !state.selection.nodes.size}
            onClick={() => setScope(value)}
            data-testid={`export-scope-${value}`}
          >
            {label}
          </button>
        ))}
      </div>
      <textarea className="import-text" readOnly value={text} data-testid="export-text" />
      <div className="button-row end">
        <button type="button" onClick={() => void copy()} data-testid="export-copy">
          Copy to clipboard
        </button>
        <button type="button" className="primary" onClick={download} data-testid="export-download">
          Download {fileName}
        </button>
      </div>
    </Dialog>
  );
}

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'flow'
  );
}

/** The editor's catalog as the model's config-reference lookup. */
function refCatalog(catalog: Catalog): ConfigRefCatalog {
  return {
    get: (type) => {
      const entry = catalog.get(type);
      return entry ? { configRefs: configRefs(entry) } : undefined;
    },
  };
}
