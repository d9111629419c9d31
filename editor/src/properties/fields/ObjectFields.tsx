import { isRecord, resolveRef, type JsonSchema } from '../../schema/json-schema.js';
import { isFieldVisible } from '../../schema/show-when.js';
import { humanize } from '../form-context.js';
import { SchemaField, type FieldProps } from '../SchemaField.js';

/**
 * The properties of an object schema, in schema order. Fields hidden by `showWhen` are not shown;
 * `advanced` ones sit in a collapsed section. Setting a field to undefined removes the key.
 */
export function ObjectFields(props: FieldProps & { omit?: string }) {
  const { schema, value, path, onChange, ctx, omit } = props;
  const obj = isRecord(value) ? value : {};
  const required = new Set(schema.required ?? []);
  const entries = Object.entries(schema.properties ?? {}).filter(
    ([key, prop]) => key !== omit && isFieldVisible(resolveRef(prop, ctx.root), obj, schema),
  );
  const set = (key: string, v: unknown) => {
    const next = { ...obj };
    if (v === undefined) delete next[key];
    else next[key] = v;
    onChange(next);
  };
  const render = ([key, prop]: [string, JsonSchema]) => (
    <SchemaField
      key={key}
      schema={prop}
      value={obj[key]}
      path={[...path, key]}
      label={resolveRef(prop, ctx.root).title ?? humanize(key)}
      required={required.has(key) && resolveRef(prop, ctx.root).default === undefined}
      onChange={(v) => set(key, v)}
      ctx={ctx}
    />
  );
  const basic = entries.filter(([, p]) => !resolveRef(p, ctx.root).advanced);
  const advanced = entries.filter(([, p]) => resolveRef(p, ctx.root).advanced);
  return (
    <>
      {basic.map(render)}
      {advanced.length > 0 && (
        <details className="advanced">
          <summary>Advanced</summary>
          {advanced.map(render)}
        </details>
      )}
    </>
  );
}
