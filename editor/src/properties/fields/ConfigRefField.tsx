import type { FormContext } from '../form-context.js';
import { emptyValue, type InputProps } from './field-types.js';

/** Picks a config node of the required type, creates a new one, or opens the chosen one for editing. */
export function ConfigRefField(p: InputProps & { ctx: FormContext }) {
  const type = p.schema.configRef ?? '';
  const current = typeof p.value === 'string' ? p.value : '';
  const options = p.ctx.configOptions(type, current);
  const missing = current !== '' && !options.some((o) => o.id === current);
  const label = p.ctx.typeLabel(type);
  const article = /^[aeiou]/i.test(label) || /^[FHLMNRSX][A-Z]/.test(label) ? 'an' : 'a';
  return (
    <div className="config-ref">
      <select
        id={`input-${p.id}`}
        data-testid={`field-${p.id}`}
        value={current}
        onChange={(e) => p.onChange(e.target.value === '' ? emptyValue(p) : e.target.value)}
      >
        <option value="">{options.length ? `— choose ${article} ${label} —` : `— no ${label} yet —`}</option>
        {missing && <option value={current}>{current} (missing)</option>}
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
      <button
        type="button"
        title={`New ${label}`}
        data-testid={`new-config-${p.id}`}
        onClick={() => {
          const id = p.ctx.createConfig(type);
          if (id) {
            p.onChange(id);
            p.ctx.editConfig(id);
          }
        }}
      >
        +
      </button>
      <button type="button" title="Edit" disabled={!current || missing} onClick={() => p.ctx.editConfig(current)}>
        ✎
      </button>
    </div>
  );
}
