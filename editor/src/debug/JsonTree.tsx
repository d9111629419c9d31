import { memo, useState } from 'react';
import { preview } from './debug-filter.js';

/** An expandable view of a JSON value; objects and arrays start collapsed below `openDepth`. */
export const JsonTree = memo(function JsonTree({ value, openDepth = 1 }: { value: unknown; openDepth?: number }) {
  return (
    <div className="json-tree" data-testid="debug-value">
      <JsonNode value={value} depth={0} openDepth={openDepth} />
    </div>
  );
});

function JsonNode({
  name,
  value,
  depth,
  openDepth,
}: {
  name?: string;
  value: unknown;
  depth: number;
  openDepth: number;
}) {
  const [open, setOpen] = useState(depth < openDepth);
  const label = name !== undefined ? <span className="json-key">{name}: </span> : null;
  if (value === null || typeof value !== 'object') {
    return (
      <div className="json-line">
        {label}
        <span className={`json-${value === null ? 'null' : typeof value}`}>{leafText(value)}</span>
      </div>
    );
  }
  const isArray = Array.isArray(value);
  const entries: Array<[string, unknown]> = isArray ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  return (
    <div className="json-branch">
      <button type="button" className="json-toggle" onClick={() => setOpen(!open)} aria-expanded={open}>
        <span className={`chevron ${open ? 'open' : ''}`}>›</span>
        {label}
        <span className="json-summary">
          {open ? (isArray ? `array[${entries.length}]` : 'object') : preview(value, 70)}
        </span>
      </button>
      {open && (
        <div className="json-children">
          {entries.slice(0, 500).map(([k, v]) => (
            <JsonNode key={k} name={k} value={v} depth={depth + 1} openDepth={openDepth} />
          ))}
          {entries.length > 500 && <div className="muted">… {entries.length - 500} more</div>}
        </div>
      )}
    </div>
  );
}

function leafText(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === undefined) return 'undefined';
  return String(v);
}
