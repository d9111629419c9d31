import { initialValue } from '../../schema/defaults.js';
import { fieldKind, unwrapField } from '../../schema/field-kind.js';
import type { JsonSchema } from '../../schema/json-schema.js';
import { issuesAt, pathKey } from '../form-context.js';
import { SchemaField, type FieldProps } from '../SchemaField.js';

/** A list: one sub-form per item with move up/down and remove, and an "Add" button. */
export function ArrayField(props: FieldProps) {
  const { schema, value, path, label, onChange, ctx } = props;
  const list = Array.isArray(value) ? value : Array.isArray(schema.default) ? schema.default : [];
  const itemSchema: JsonSchema = schema.items && schema.items !== true ? schema.items : {};
  const compact = isScalar(itemSchema, ctx.root);
  const id = pathKey(path);
  const errors = issuesAt(ctx, path);
  const replace = (next: unknown[]) => onChange(next);
  const move = (from: number, to: number) => {
    const next = [...list];
    const [item] = next.splice(from, 1);
    next.splice(to, 0, item);
    replace(next);
  };
  const atMax = schema.maxItems !== undefined && list.length >= schema.maxItems;
  return (
    <fieldset
      className={`field-group array ${errors.length ? 'has-error' : ''}`}
      data-field={id}
      data-testid={`array-${id}`}
    >
      <legend>
        {label} <span className="count">{list.length}</span>
      </legend>
      {schema.description && <div className="field-help">{schema.description}</div>}
      {errors.map((e) => (
        <div key={e} className="field-error" role="alert" data-testid={`error-${id}`}>
          {e}
        </div>
      ))}
      {list.map((item, i) => (
        <div key={i} className={`array-item ${compact ? 'compact' : ''}`}>
          <div className="array-item-tools">
            <span className="array-index">{i + 1}</span>
            <button type="button" title="Move up" disabled={i === 0} onClick={() => move(i, i - 1)}>
              ↑
            </button>
            <button type="button" title="Move down" disabled={i === list.length - 1} onClick={() => move(i, i + 1)}>
              ↓
            </button>
            <button
              type="button"
              title="Remove"
              className="danger"
              data-testid={`remove-${id}.${i}`}
              onClick={() => replace(list.filter((_, j) => j !== i))}
            >
              ✕
            </button>
          </div>
          <SchemaField
            schema={itemSchema}
            value={item}
            path={[...path, i]}
            label={compact ? `#${i + 1}` : ''}
            required
            onChange={(v) => replace(list.map((x, j) => (j === i ? v : x)))}
            ctx={ctx}
          />
        </div>
      ))}
      <button
        type="button"
        className="add-item"
        disabled={atMax}
        data-testid={`add-${id}`}
        onClick={() => replace([...list, initialValue(itemSchema, ctx.root)])}
      >
        + Add
      </button>
    </fieldset>
  );
}

function isScalar(schema: JsonSchema, root: JsonSchema): boolean {
  const kind = fieldKind(unwrapField(schema, root).schema);
  return kind !== 'object' && kind !== 'array' && kind !== 'variant' && kind !== 'code';
}
