import './subflows.css';
import type { Flow } from '@millwright/model';
import type { SubflowParam } from '@millwright/model/subflows';
import { useEditor } from '../app/useEditor.js';
import { useServices } from '../app/useServices.js';
import { edit, select, setActiveFlow } from '../store/editor-state.js';
import { instancesOf } from './subflow-types.js';

const TYPES: ReadonlyArray<SubflowParam['type']> = ['string', 'number', 'boolean', 'json'];

/** In a definition's properties: its parameters (what every instance's form shows) and its instances. */
export function SubflowEditor({ flow }: { flow: Flow }) {
  const { editor } = useServices();
  const flows = useEditor((s) => s.flows);
  const params = flow.subflow?.params ?? [];
  const setParams = (next: SubflowParam[], key: string) =>
    editor.set((s) =>
      edit(
        s,
        { type: 'update-flow', flowId: flow.id, patch: { subflow: { ...flow.subflow, params: next } } },
        { key: `subflow:${flow.id}:${key}` },
      ),
    );
  const change = (i: number, patch: Partial<SubflowParam>, key: string) =>
    setParams(
      params.map((p, j) => (j === i ? withoutEmpty({ ...p, ...patch }) : p)),
      `${i}:${key}`,
    );
  const instances = instancesOf(flows, flow.id);
  return (
    <section className="subflow-editor" data-testid="subflow-editor">
      <h4>Parameters</h4>
      <p className="muted small">
        Each instance sets them; the nodes inside read them as <code>{'${env.NAME}'}</code> or{' '}
        <code>env.get(&apos;NAME&apos;)</code>.
      </p>
      {params.map((p, i) => (
        <div className="subflow-param" key={i} data-testid={`subflow-param-${i}`}>
          <input
            aria-label="Parameter name"
            data-testid={`param-name-${i}`}
            value={p.name}
            onChange={(e) => change(i, { name: e.target.value }, 'name')}
          />
          <select
            aria-label="Parameter type"
            data-testid={`param-type-${i}`}
            value={p.type}
            onChange={(e) => change(i, { type: e.target.value as SubflowParam['type'], default: undefined }, 'type')}
          >
            {TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
          <input
            aria-label="Default"
            placeholder="default"
            data-testid={`param-default-${i}`}
            value={p.default === undefined ? '' : typeof p.default === 'string' ? p.default : JSON.stringify(p.default)}
            onChange={(e) => change(i, { default: parseDefault(p.type, e.target.value) }, 'default')}
          />
          <label title="Required">
            <input
              type="checkbox"
              checked={p.required === true}
              onChange={(e) => change(i, { required: e.target.checked || undefined }, 'required')}
            />
            req.
          </label>
          <button
            type="button"
            aria-label={`Remove parameter ${p.name}`}
            onClick={() =>
              setParams(
                params.filter((_, j) => j !== i),
                `remove:${i}`,
              )
            }
          >
            ×
          </button>
        </div>
      ))}
      <button
        type="button"
        data-testid="add-param"
        onClick={() => setParams([...params, { name: `PARAM_${params.length + 1}`, type: 'string' }], 'add')}
      >
        + Parameter
      </button>
      <h4>Instances</h4>
      {instances.length ? (
        <ul className="plain-list" data-testid="subflow-instances">
          {instances.map(({ flow: where, node }) => (
            <li key={node.id}>
              <button
                type="button"
                className="link"
                onClick={() => editor.set((s) => select(setActiveFlow(s, where.id), [node.id]))}
              >
                {node.name || node.id}
              </button>
              <span className="muted"> in {where.name}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">None yet: drag it from the palette's Subflows section into a flow.</p>
      )}
    </section>
  );
}

/** A default typed in the form: numbers and booleans parsed, json parsed when it parses; empty removes it. */
function parseDefault(type: SubflowParam['type'], text: string): unknown {
  if (text === '') return undefined;
  if (type === 'number') return Number.isFinite(Number(text)) ? Number(text) : text;
  if (type === 'boolean') return text === 'true' ? true : text === 'false' ? false : text;
  if (type === 'json')
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  return text;
}

function withoutEmpty(p: SubflowParam): SubflowParam {
  const out = { ...p };
  if (out.default === undefined) delete out.default;
  if (out.required === undefined) delete out.required;
  return out;
}
