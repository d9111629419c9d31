import { initialValue } from '../../schema/defaults.js';
import { discriminatorOf } from '../../schema/field-kind.js';
import { isRecord, resolveRef } from '../../schema/json-schema.js';
import { deepEqual } from '../../schema/validate.js';
import { issuesAt, pathKey } from '../form-context.js';
import { SchemaField, type FieldProps } from '../SchemaField.js';
import { ObjectFields } from './ObjectFields.js';

/**
 * A discriminated union (e.g. a switch rule by `op`): a select for the discriminator, then the
 * fields of the chosen variant. Switching keeps the values of keys both variants share.
 */
export function VariantField(props: FieldProps) {
  const { schema, value, path, label, onChange, ctx } = props;
  const disc = discriminatorOf(schema, ctx.root);
  const variants = (schema.oneOf ?? schema.anyOf ?? []).map((v) => resolveRef(v, ctx.root));
  if (!disc) return <SchemaField {...props} schema={{ ...schema, oneOf: undefined, anyOf: undefined }} />;
  const obj = isRecord(value) ? value : {};
  const optionIndex = disc.options.findIndex((o) => deepEqual(o.value, obj[disc.key]));
  const option = disc.options[optionIndex];
  const variant = option ? variants[option.variant] : undefined;
  const id = pathKey(path);
  const keyPath = [...path, disc.key];
  const keyId = pathKey(keyPath);
  const errors = [...issuesAt(ctx, path), ...issuesAt(ctx, keyPath)];
  const choose = (i: number) => {
    const next = disc.options[i];
    const target = next ? variants[next.variant] : undefined;
    if (!next || !target) return;
    const fresh = initialValue(target, ctx.root);
    const base = isRecord(fresh) ? fresh : {};
    const kept = Object.fromEntries(Object.entries(obj).filter(([k]) => k in (target.properties ?? {})));
    onChange({ ...base, ...kept, [disc.key]: next.value });
  };
  return (
    <fieldset className={`field-group variant ${errors.length ? 'has-error' : ''}`} data-field={id}>
      {label && <legend>{label}</legend>}
      <div className="field">
        <label className="field-label" htmlFor={`input-${keyId}`}>
          {disc.key}
        </label>
        <select
          id={`input-${keyId}`}
          data-testid={`field-${keyId}`}
          value={optionIndex < 0 ? '' : String(optionIndex)}
          onChange={(e) => choose(Number(e.target.value))}
        >
          {optionIndex < 0 && <option value="">—</option>}
          {disc.options.map((o, i) => (
            <option key={i} value={String(i)}>
              {String(o.value)}
            </option>
          ))}
        </select>
      </div>
      {errors.map((e) => (
        <div key={e} className="field-error" role="alert" data-testid={`error-${keyId}`}>
          {e}
        </div>
      ))}
      {variant && <ObjectFields {...props} schema={variant} omit={disc.key} />}
    </fieldset>
  );
}
