import type { DeployMode } from '@millwright/model';
import { useEffect, useRef, useState } from 'react';
import { useServices } from '../app/useServices.js';
import { useRuntime } from '../app/useRuntime.js';
import { useUi } from '../app/useUi.js';
import { openDialog, setDeployMode } from '../store/ui-state.js';
import { flowsRunningSince } from './deploy-progress.js';
import { restartFlows, runDeploy } from './run-deploy.js';
import { useDocumentDiff } from './useDocumentDiff.js';

const MODES: Array<{ mode: DeployMode; label: string; help: string }> = [
  { mode: 'full', label: 'Full', help: 'Deploy every flow; a flow restarts only if it changed' },
  { mode: 'flows', label: 'Modified flows', help: 'Restart only flows that changed' },
  { mode: 'nodes', label: 'Modified nodes', help: 'Restart only nodes that changed; the rest keep their state' },
];

/** Deploy split button: the main part deploys with the chosen mode, the arrow picks the mode. */
export function DeployButton() {
  const services = useServices();
  const diff = useDocumentDiff();
  const mode = useUi((s) => s.deployMode);
  const deploying = useUi((s) => s.deploying);
  const progress = useUi((s) => s.deployProgress);
  const flowStates = useRuntime((s) => s.flowStates);
  const started = progress ? flowsRunningSince(progress, flowStates) : 0;
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (!box.current?.contains(e.target instanceof Node ? e.target : null)) setOpen(false);
    };
    window.addEventListener('mousedown', close);
    return () => window.removeEventListener('mousedown', close);
  }, [open]);
  let changes = diff.removedFlows.length;
  for (const [flowId, nodes] of diff.modifiedNodes) changes += nodes.size || (diff.modifiedFlows.has(flowId) ? 1 : 0);
  const current = MODES.find((m) => m.mode === mode) ?? MODES[0];
  return (
    <div className="deploy" ref={box}>
      <span className={`dirty-indicator ${diff.dirty ? 'dirty' : ''}`} data-testid="dirty-indicator">
        {diff.dirty ? `${changes} undeployed change${changes === 1 ? '' : 's'}` : 'All changes deployed'}
      </span>
      <div className="split-button">
        <button
          type="button"
          className={`deploy-main ${diff.dirty ? 'primary' : ''}`}
          data-testid="deploy"
          data-mode={mode}
          disabled={deploying}
          title={`${current?.label} deploy (Ctrl+Enter)`}
          onClick={() => void runDeploy(services, mode)}
        >
          {deploying
            ? progress?.flowIds.length
              ? `Deploying… ${started}/${progress.flowIds.length}`
              : 'Deploying…'
            : 'Deploy'}
          {mode !== 'full' && <span className="deploy-mode-tag">{current?.label}</span>}
        </button>
        <button
          type="button"
          className={`deploy-toggle ${diff.dirty ? 'primary' : ''}`}
          data-testid="deploy-mode-toggle"
          aria-label="Deploy mode"
          onClick={() => setOpen(!open)}
        >
          ▾
        </button>
      </div>
      {open && (
        <div className="menu" role="menu">
          {MODES.map((m) => (
            <button
              key={m.mode}
              type="button"
              role="menuitemradio"
              aria-checked={m.mode === mode}
              className={m.mode === mode ? 'checked' : ''}
              data-testid={`deploy-mode-${m.mode}`}
              onClick={() => {
                setDeployMode(services.ui, m.mode);
                setOpen(false);
              }}
            >
              <strong>{m.label}</strong>
              <span>{m.help}</span>
            </button>
          ))}
          <button
            type="button"
            role="menuitem"
            data-testid="deploy-with-message"
            disabled={deploying}
            onClick={() => {
              setOpen(false);
              openDialog(services.ui, { kind: 'deploy-message' });
            }}
          >
            <strong>Deploy with message…</strong>
            <span>Say why; the message stays with this deploy in the history</span>
          </button>
          <button
            type="button"
            role="menuitem"
            data-testid="restart-flows"
            disabled={deploying}
            onClick={() => {
              setOpen(false);
              void restartFlows(services);
            }}
          >
            <strong>Restart flows</strong>
            <span>Restart every deployed flow as it is: fresh state, nothing deployed</span>
          </button>
        </div>
      )}
    </div>
  );
}
