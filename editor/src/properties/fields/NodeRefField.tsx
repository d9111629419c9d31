import { useState } from 'react';
import type { FormContext } from '../form-context.js';
import { emptyValue, type InputProps } from './field-types.js';

/**
 * Picks nodes by name instead of typing ids (link-out targets, catch/status scopes): a list of the
 * nodes the schema allows, filterable when long; ids that name no such node any more stay listed as
 * "missing" so the fault is visible and can be removed.
 */
export function NodeRefField(p: InputProps & { ctx: FormContext }) {
  const ref = p.schema.nodeRef ?? {};
  const options = p.ctx.nodeOptions(ref);
  const [filter, setFilter] = useState('');
  if (p.schema.type === 'string') {
    const current = typeof p.value === 'string' ? p.value : '';
    const missing = current !== '' && !options.some((o) => o.id === current);
    return (
      <select
        id={`input-${p.id}`}
        data-testid={`field-${p.id}`}
        value={current}
        onChange={(e) => p.onChange(e.target.value === '' ? emptyValue(p) : e.target.value)}
      >
        <option value="">— choose a node —</option>
        {missing && <option value={current}>{current} (missing)</option>}
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
    );
  }
  const chosen = Array.isArray(p.value) ? p.value.filter((v): v is string => typeof v === 'string') : [];
  const missing = chosen.filter((id) => !options.some((o) => o.id === id));
  const needle = filter.trim().toLowerCase();
  const shown = needle
    ? options.filter((o) => o.label.toLowerCase().includes(needle) || o.id.toLowerCase().includes(needle))
    : options;
  const toggle = (id: string, on: boolean) => {
    const next = on ? [...chosen, id] : chosen.filter((c) => c !== id);
    p.onChange(next.length ? next : emptyValue(p));
  };
  const kinds = ref.types?.length ? ref.types.join(' or ') : 'node';
  return (
    <div className="node-ref" id={`input-${p.id}`} data-testid={`field-${p.id}`}>
      {options.length > 8 && (
        <input
          type="search"
          placeholder={`Filter ${kinds} nodes`}
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          data-testid={`filter-${p.id}`}
        />
      )}
      {missing.map((id) => (
        <label key={id} className="node-ref-missing" data-testid={`missing-${p.id}-${id}`}>
          <input type="checkbox" checked onChange={() => toggle(id, false)} />
          {id} (missing)
        </label>
      ))}
      {shown.map((o) => (
        <label key={o.id}>
          <input
            type="checkbox"
            checked={chosen.includes(o.id)}
            onChange={(e) => toggle(o.id, e.target.checked)}
            data-testid={`pick-${p.id}-${o.id}`}
          />
          {o.label}
        </label>
      ))}
      {!options.length && <span className="hint">no {kinds} node yet</span>}
    </div>
  );
}
