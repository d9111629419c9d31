import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo, useCallback, type CSSProperties } from 'react';
import { useRuntime } from '../app/useRuntime.js';
import { useServices } from '../app/useServices.js';
import { injectNode } from '../deploy/run-deploy.js';
import { useEditor } from '../app/useEditor.js';
import { configIssues, outputLabel } from '../store/catalog.js';
import { portY } from './node-geometry.js';
import { NodeIcon } from './NodeIcon.js';
import { nodeColor } from './node-style.js';
import type { FlowRfNode } from './rf-types.js';

/**
 * A flow node: icon, label, ports, status badge, error and change markers, and an inject button
 * on inject nodes. Memoised: it re-renders only when its own data, status or error change.
 */
function NodeViewImpl({ id, data, selected, width, height }: NodeProps<FlowRfNode>) {
  const status = useRuntime((s) => s.statuses.get(id))?.status;
  const error = useRuntime((s) => s.errors.get(id));
  const deployProblem = useEditor((s) => s.deployIssues.get(id)?.[0]?.message);
  const { node, entry, label, outputs, modified } = data;
  // Validated here, not for the whole flow: only nodes on screen are rendered (cached per node object).
  const problem = deployProblem ?? configIssues(node, entry)[0]?.message;
  const invalid = problem !== undefined;
  const h = height ?? 32;
  const style: CSSProperties & { '--node-color': string } = {
    '--node-color': nodeColor(entry?.category, entry?.color),
    width,
    height: h,
  };
  const classes = ['mw-node'];
  if (selected) classes.push('selected');
  if (invalid) classes.push('invalid');
  if (error) classes.push('errored');
  if (node.disabled) classes.push('disabled');
  if (!entry) classes.push('unknown');
  const placeholder = placeholderOf(node);
  if (placeholder) classes.push('placeholder');
  return (
    <div
      className={classes.join(' ')}
      style={style}
      data-testid={`node-${id}`}
      data-node-type={node.type}
      data-node-label={label}
      title={problem ?? error?.error.message ?? placeholder ?? entry?.description}
    >
      {node.type === 'inject' && <InjectButton nodeId={id} disabled={modified} />}
      <span className="mw-node-icon">
        <NodeIcon icon={entry?.icon} type={node.type} />
      </span>
      <span className="mw-node-label">{label}</span>
      {placeholder && (
        <span className="mw-node-placeholder" data-testid={`placeholder-${id}`}>
          {String(node.config['originalType'] ?? '?')}
        </span>
      )}
      {modified && <span className="mw-node-changed" data-testid={`changed-${id}`} title="Undeployed changes" />}
      {invalid && (
        <span className="mw-node-invalid" data-testid={`invalid-${id}`}>
          !
        </span>
      )}
      {(entry?.inputs ?? 1) > 0 && <Handle type="target" position={Position.Left} id="in" className="mw-port" />}
      {Array.from({ length: outputs }, (_, i) => (
        <Handle
          key={i}
          type="source"
          position={Position.Right}
          id={`out-${i}`}
          className="mw-port"
          style={{ top: portY(i, outputs, h) }}
          title={outputLabel(entry, i)}
        />
      ))}
      {status && (
        <div className="mw-status" data-testid={`status-${id}`}>
          <span className={`mw-status-dot ${status.fill ?? 'grey'} ${status.shape ?? 'dot'}`} />
          {status.text}
        </div>
      )}
      {error && (
        <div className="mw-node-error" data-testid={`error-${id}`}>
          {error.error.message}
        </div>
      )}
    </div>
  );
}

/** For an `unsupported` node (a node an import could not convert), what it stands for; else undefined. */
function placeholderOf(node: FlowRfNode['data']['node']): string | undefined {
  if (node.type !== 'unsupported') return undefined;
  const { originalType, source, reason } = node.config;
  const what = `Placeholder for ${typeof source === 'string' ? source : 'an'} node ${String(originalType ?? '?')}`;
  return typeof reason === 'string' && reason ? `${what}: ${reason}` : what;
}

function InjectButton({ nodeId, disabled }: { nodeId: string; disabled: boolean }) {
  const services = useServices();
  const onClick = useCallback(
    (e: React.MouseEvent) => {
      e.stopPropagation();
      void injectNode(services, nodeId);
    },
    [services, nodeId],
  );
  return (
    <button
      type="button"
      className="mw-inject nodrag nopan"
      data-testid={`inject-${nodeId}`}
      disabled={disabled}
      title={disabled ? 'Deploy first: this node has undeployed changes' : 'Inject now'}
      onClick={onClick}
      onDoubleClick={(e) => e.stopPropagation()}
    />
  );
}

export const NodeView = memo(NodeViewImpl);
