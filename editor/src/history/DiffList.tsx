import { showValue, type FieldChange, type FlowChange, type ItemChange, type Wire } from '@millwright/model';
import { useServices } from '../app/useServices.js';
import { closeDiff } from './run-history.js';
import { changeCount, fieldPath, nodeMarks, type DiffView } from './diff-view.js';

const MARK = { added: '+', removed: '−', changed: '~' } as const;
const ITEM = { nodes: 'node', configs: 'config node', groups: 'group' } as const;

/**
 * The diff as a list, in the order and words of `millwright diff`: per flow its rename and
 * settings, then nodes, config nodes and groups (moved, fields before → after with their paths),
 * then wires. A flow's header shows it on the canvas; a node row also centres it there.
 */
export function DiffList({ view }: { view: DiffView }) {
  const services = useServices();
  const { ui } = services;
  const { diff } = view;
  const show = (flowId: string, focus?: string) =>
    ui.set((u) => (u.diffView ? { ...u, diffView: { ...u.diffView, flowId, focus } } : u));
  const count = (kind: FlowChange['kind']) => diff.flows.filter((f) => f.kind === kind).length;
  return (
    <div className="diff-list" data-testid="diff-list">
      <div className="history-toolbar">
        <div className="diff-sides">
          <span data-testid="diff-before">{view.before.label}</span> →{' '}
          <span data-testid="diff-after">{view.after.label}</span>
        </div>
        <button type="button" onClick={() => closeDiff(services)} data-testid="diff-exit-list">
          Exit diff
        </button>
      </div>
      <p className="diff-summary muted" data-testid="diff-summary">
        {diff.flows.length
          ? `${count('changed')} flow(s) changed, ${count('added')} added, ${count('removed')} removed, ${diff.unchanged} unchanged`
          : `No differences (${diff.unchanged} flow(s))`}
      </p>
      <div className="diff-flows">
        {diff.flows.map((flow) => (
          <FlowSection key={flow.id} flow={flow} active={view.flowId === flow.id} show={show} />
        ))}
      </div>
    </div>
  );
}

function FlowSection(props: { flow: FlowChange; active: boolean; show: (flowId: string, focus?: string) => void }) {
  const { flow, active, show } = props;
  const marks = nodeMarks(flow);
  return (
    <section className={`diff-flow diff-${flow.kind}`} data-testid="diff-flow" data-flow-id={flow.id}>
      <button type="button" className={`diff-flow-head ${active ? 'active' : ''}`} onClick={() => show(flow.id)}>
        <span className="diff-mark">{MARK[flow.kind]}</span> {flow.name}
        <span className="muted">
          {' '}
          ·{' '}
          {flow.kind === 'changed' ? `${changeCount(flow)} change(s)` : `${flow.kind}, ${flow.nodeCount ?? 0} node(s)`}
        </span>
      </button>
      {flow.renamed && (
        <div className="diff-line">
          renamed {JSON.stringify(flow.renamed.from)} → {JSON.stringify(flow.renamed.to)}
        </div>
      )}
      {flow.settings.map((f) => (
        <Field key={f.pathString} field={f} />
      ))}
      {(['nodes', 'configs', 'groups'] as const).map((list) =>
        flow[list].map((item) => (
          <Item
            key={`${list}:${item.id}`}
            item={item}
            what={ITEM[list]}
            mark={list === 'nodes' ? marks.get(item.id) : item.kind}
            onShow={list === 'nodes' ? () => show(flow.id, item.id) : undefined}
          />
        )),
      )}
      {flow.wires.added.map((w) => (
        <WireLine key={`+${wireText(w)}`} wire={w} kind="added" />
      ))}
      {flow.wires.removed.map((w) => (
        <WireLine key={`-${wireText(w)}`} wire={w} kind="removed" />
      ))}
    </section>
  );
}

function Item(props: { item: ItemChange; what: string; mark: string | undefined; onShow: (() => void) | undefined }) {
  const { item } = props;
  const label = [item.type, item.name !== undefined ? JSON.stringify(item.name) : undefined].filter(Boolean).join(' ');
  return (
    <div
      className={`diff-item diff-${props.mark ?? item.kind}`}
      data-testid="diff-item"
      data-id={item.id}
      data-kind={props.mark ?? item.kind}
    >
      <button type="button" className="link diff-item-head" disabled={!props.onShow} onClick={props.onShow}>
        <span className="diff-mark">{MARK[item.kind]}</span> {props.what} {item.id}
        {label && <span className="muted"> ({label})</span>}
      </button>
      {item.moved && (
        <div className="diff-line muted">
          moved ({item.moved.from.x}, {item.moved.from.y}) → ({item.moved.to.x}, {item.moved.to.y})
        </div>
      )}
      {item.fields.map((f) => (
        <Field key={f.pathString} field={f} />
      ))}
    </div>
  );
}

function Field({ field }: { field: FieldChange }) {
  return (
    <div
      className="diff-line diff-field"
      data-testid="diff-field"
      data-path={field.pathString}
      title={field.pathString}
    >
      <code className="diff-path">{fieldPath(field)}</code>:{' '}
      {field.kind !== 'added' && <code className="diff-before">{showValue(field.before, 80)}</code>}
      {field.kind === 'changed' && ' → '}
      {field.kind === 'added' && '+ '}
      {field.kind === 'removed' && ' (removed)'}
      {field.kind !== 'removed' && <code className="diff-after">{showValue(field.after, 80)}</code>}
    </div>
  );
}

function WireLine({ wire, kind }: { wire: Wire; kind: 'added' | 'removed' }) {
  return (
    <div className={`diff-line diff-wire diff-${kind}`} data-testid="diff-wire" data-kind={kind}>
      <span className="diff-mark">{MARK[kind]}</span> wire {wireText(wire)}
    </div>
  );
}

function wireText(w: Wire): string {
  return `${w.from.node}:${w.from.port} → ${w.to.node}:${w.to.port}`;
}
