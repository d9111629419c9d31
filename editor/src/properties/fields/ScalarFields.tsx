import { useEffect, useState } from 'react';
import { emptyValue, type InputProps } from './field-types.js';

/** Single- or multi-line text. Clearing a field that has a default removes the key. */
export function TextField(p: InputProps & { multiline?: boolean; list?: string }) {
  const shown =
    typeof p.value === 'string' ? p.value : p.value == null ? String(p.schema.default ?? '') : String(p.value);
  const onChange = (text: string) =>
    p.onChange(text === '' && !p.required && p.schema.default === undefined ? emptyValue(p) : text);
  const common = {
    id: `input-${p.id}`,
    'data-testid': `field-${p.id}`,
    value: shown,
    placeholder:
      p.schema.placeholder ?? (p.schema.examples?.[0] !== undefined ? `e.g. ${String(p.schema.examples[0])}` : ''),
    spellCheck: false,
  };
  if (p.multiline) return <textarea {...common} rows={4} onChange={(e) => onChange(e.target.value)} />;
  return (
    <input
      {...common}
      type={p.schema.secret ? 'password' : 'text'}
      maxLength={p.schema.maxLength}
      list={p.list}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

/**
 * Number input that keeps what the user typed: text that is not a number is stored as text, so the
 * validator reports it inline instead of the input silently dropping it.
 */
export function NumberField(p: InputProps) {
  const external = p.value ?? p.schema.default;
  const [text, setText] = useState(external == null ? '' : String(external));
  useEffect(() => {
    // Follow outside changes (undo, another field) unless they are what we just typed.
    setText((t) => (sameNumber(t, external) ? t : external == null ? '' : String(external)));
  }, [external]);
  return (
    <input
      id={`input-${p.id}`}
      data-testid={`field-${p.id}`}
      type="text"
      inputMode="decimal"
      value={text}
      onChange={(e) => {
        const t = e.target.value;
        setText(t);
        if (t.trim() === '') p.onChange(emptyValue(p));
        else p.onChange(Number.isNaN(Number(t)) ? t : Number(t));
      }}
    />
  );
}

function sameNumber(text: string, value: unknown): boolean {
  if (value == null) return text.trim() === '';
  return text.trim() !== '' && (Number(text) === value || text === value);
}

export function EnumField(p: InputProps) {
  const options = p.schema.enum ?? [];
  const current = p.value === undefined ? p.schema.default : p.value;
  const index = options.findIndex((o) => o === current);
  const optional = !p.required && p.schema.default === undefined;
  return (
    <select
      id={`input-${p.id}`}
      data-testid={`field-${p.id}`}
      value={index < 0 ? '' : String(index)}
      onChange={(e) => p.onChange(e.target.value === '' ? emptyValue(p) : options[Number(e.target.value)])}
    >
      {(optional || index < 0) && (
        <option value="">{index < 0 && current !== undefined ? `(${String(current)})` : '—'}</option>
      )}
      {options.map((o, i) => (
        <option key={String(o)} value={String(i)}>
          {String(o)}
        </option>
      ))}
    </select>
  );
}

export function BooleanField(p: InputProps) {
  const checked = (p.value ?? p.schema.default ?? false) === true;
  return (
    <label className="switch">
      <input
        id={`input-${p.id}`}
        data-testid={`field-${p.id}`}
        type="checkbox"
        checked={checked}
        onChange={(e) => p.onChange(e.target.checked)}
      />
      <span className="switch-track" />
    </label>
  );
}

/** Free-form JSON for schemas the form cannot break down (records, unknown). Invalid JSON stays local. */
export function JsonField(p: InputProps) {
  const external = p.value === undefined ? p.schema.default : p.value;
  const [text, setText] = useState(() => toText(external));
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    setText((t) => (sameJson(t, external) ? t : toText(external)));
  }, [external]);
  return (
    <>
      <textarea
        id={`input-${p.id}`}
        data-testid={`field-${p.id}`}
        className="json-input"
        rows={Math.min(10, Math.max(2, text.split('\n').length))}
        value={text}
        spellCheck={false}
        onChange={(e) => {
          const t = e.target.value;
          setText(t);
          if (t.trim() === '') {
            setError(undefined);
            p.onChange(emptyValue(p));
            return;
          }
          try {
            p.onChange(JSON.parse(t));
            setError(undefined);
          } catch {
            setError('not valid JSON yet');
          }
        }}
      />
      {error && <div className="field-hint">{error}</div>}
    </>
  );
}

function toText(v: unknown): string {
  return v === undefined ? '' : JSON.stringify(v, null, 2);
}

function sameJson(text: string, v: unknown): boolean {
  try {
    return JSON.stringify(JSON.parse(text)) === JSON.stringify(v);
  } catch {
    return false;
  }
}
