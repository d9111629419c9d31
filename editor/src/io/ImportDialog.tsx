import { useMemo, useState, type ChangeEvent } from 'react';
import { useServices } from '../app/useServices.js';
import { Dialog } from '../layout/Dialog.js';
import { paste } from '../store/actions.js';
import { openDialog, toast } from '../store/ui-state.js';
import { clashingFlows, importFlows, type ImportMode } from './import-flows.js';
import { openConflicts } from './merge-conflicts.js';
import { MergeConflicts } from './MergeConflicts.js';
import { nodeRedExport } from './node-red-export.js';
import { NodeRedReport } from './NodeRedReport.js';
import { parseImport } from './parse-import.js';
import { useNodeRedImport } from './useNodeRedImport.js';

/**
 * Imports flow JSON from a file or pasted text: whole flows become tabs, loose nodes go into the open
 * flow. A Node-RED export is converted by the runtime first, and its report is shown before importing.
 */
export function ImportDialog() {
  const services = useServices();
  const { editor, ui } = services;
  const [text, setText] = useState('');
  const [mode, setMode] = useState<ImportMode>('replace');
  const nodeRed = useMemo(() => nodeRedExport(text), [text]);
  const conversion = useNodeRedImport(nodeRed);
  const converted = conversion?.state === 'done' ? conversion.result : undefined;
  const parsed = text.trim() && !nodeRed ? parseImport(text) : undefined;
  // A flow file the git merge driver left with conflicts: resolved field by field before it imports.
  const merge = useMemo(() => openConflicts(text), [text]);
  const incoming = converted
    ? converted.flows
    : parsed?.ok && parsed.payload.kind === 'flows'
      ? parsed.payload.flows
      : [];
  const clashes = clashingFlows(editor.get(), incoming);
  const canImport = nodeRed ? !!converted?.flows.length : !!parsed?.ok;
  const close = () => openDialog(ui, undefined);

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (file) setText(await file.text());
  };
  const onPasteClipboard = async () => {
    try {
      setText(await navigator.clipboard.readText());
    } catch {
      toast(ui, 'error', 'The browser did not allow reading the clipboard; paste into the box instead.');
    }
  };
  const doImport = () => {
    if (converted) {
      const { flows, report } = converted;
      editor.set((s) => importFlows(s, flows, mode));
      const placeholders = report.placeholders.length
        ? `, ${report.placeholders.length} placeholder(s) to replace`
        : '';
      toast(ui, 'success', `Imported ${flows.length} flow(s) from Node-RED${placeholders}.`);
      close();
      requestAnimationFrame(() => services.canvas.current?.fitView());
      return;
    }
    if (!parsed?.ok) return;
    const payload = parsed.payload;
    if (payload.kind === 'flows') {
      editor.set((s) => importFlows(s, payload.flows, mode));
      toast(ui, 'success', `Imported ${payload.flows.length} flow${payload.flows.length === 1 ? '' : 's'}.`);
    } else {
      editor.set((s) => paste(s, payload.data, services.canvas.current?.viewportCenter()));
      toast(ui, 'success', `Imported ${payload.data.nodes.length} node${payload.data.nodes.length === 1 ? '' : 's'}.`);
    }
    close();
    requestAnimationFrame(() => services.canvas.current?.fitView());
  };

  return (
    <Dialog title="Import flows" onClose={close} testId="import-dialog" wide>
      <div className="button-row">
        <label className="button file-button">
          Choose file…
          <input
            type="file"
            accept=".json,application/json"
            onChange={(e) => void onFile(e)}
            data-testid="import-file"
          />
        </label>
        <button type="button" onClick={() => void onPasteClipboard()} data-testid="import-from-clipboard">
          Paste from clipboard
        </button>
      </div>
      <textarea
        className="import-text"
        placeholder="…or paste flow JSON (Millwright or a Node-RED export) here"
        value={text}
        onChange={(e) => setText(e.target.value)}
        data-testid="import-text"
        spellCheck={false}
      />
      {merge && <MergeConflicts key={text} merge={merge} onApply={setText} />}
      {parsed && !parsed.ok && !merge && (
        <div className="field-error" data-testid="import-error">
          {parsed.error}
          {parsed.issues && (
            <ul>
              {parsed.issues.slice(0, 8).map((i) => (
                <li key={i.pathString + i.code}>
                  {i.pathString}: {i.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {conversion?.state === 'converting' && (
        <p className="muted" data-testid="node-red-converting">
          Converting the Node-RED export…
        </p>
      )}
      {conversion?.state === 'failed' && (
        <div className="field-error" data-testid="import-error">
          {conversion.error}
        </div>
      )}
      {converted && <NodeRedReport report={converted.report} />}
      {parsed?.ok && (
        <p className="muted" data-testid="import-summary">
          {parsed.payload.kind === 'flows'
            ? `${parsed.payload.flows.length} flow(s): ${parsed.payload.flows.map((f) => `“${f.name}” (${f.nodes.length} nodes)`).join(', ')}`
            : `${parsed.payload.data.nodes.length} node(s), pasted into the open flow`}
        </p>
      )}
      {clashes.length > 0 && (
        <fieldset className="import-mode">
          <legend>{clashes.length} flow(s) with the same id are open</legend>
          <label>
            <input
              type="radio"
              checked={mode === 'replace'}
              onChange={() => setMode('replace')}
              data-testid="import-replace"
            />{' '}
            Replace them
          </label>
          <label>
            <input
              type="radio"
              checked={mode === 'copy'}
              onChange={() => setMode('copy')}
              data-testid="import-as-copy"
            />{' '}
            Import as copies (new ids)
          </label>
        </fieldset>
      )}
      <div className="button-row end">
        <button type="button" onClick={close}>
          Cancel
        </button>
        <button type="button" className="primary" disabled={!canImport} onClick={doImport} data-testid="import-confirm">
          Import
        </button>
      </div>
    </Dialog>
  );
}
