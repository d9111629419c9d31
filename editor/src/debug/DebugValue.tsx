import { memo, useState } from 'react';
import { JsonTree } from './JsonTree.js';
import { looksLikeXml, prettyXml } from './xml-text.js';

/**
 * A debug value, collapsed to one line until opened so a busy sidebar stays readable; XML text
 * (B2MML, SOAP) opens indented instead of as one escaped string.
 */
export const DebugValue = memo(function DebugValue({ value }: { value: unknown }) {
  const [open, setOpen] = useState(false);
  if (typeof value === 'string' && looksLikeXml(value)) {
    return (
      <div className="json-tree" data-testid="debug-value" data-kind="xml">
        <button type="button" className="json-toggle" onClick={() => setOpen(!open)} aria-expanded={open}>
          <span className={`chevron ${open ? 'open' : ''}`}>›</span>
          <span className="json-summary">{open ? `XML, ${value.length} characters` : oneLine(value, 120)}</span>
        </button>
        {open && (
          <pre className="debug-xml" data-testid="debug-xml">
            {prettyXml(value)}
          </pre>
        )}
      </div>
    );
  }
  return <JsonTree value={value} openDepth={0} />;
});

function oneLine(text: string, max: number): string {
  const s = text.replace(/\s+/g, ' ').trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
