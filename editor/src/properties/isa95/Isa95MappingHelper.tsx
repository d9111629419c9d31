import type { Isa95Mapping } from './useIsa95Mapping.js';

/** Sample message and live B2MML preview under the isa95-map form. */
export function Isa95MappingHelper({ mapping }: { mapping: Isa95Mapping }) {
  const { preview, sampleFrom, twins } = mapping;
  return (
    <section className="isa95-helper" data-testid="isa95-helper">
      <h4>Sample message</h4>
      <div className="field-help" data-testid="isa95-sample-from">
        {sampleFrom === 'pasted'
          ? 'Pasted sample.'
          : sampleFrom
            ? `Last message at debug node “${sampleFrom}” (on the input wire).`
            : twins.length
              ? 'No message at the debug node on the input wire yet: deploy and run, or paste a sample.'
              : 'No debug node on the input wire: paste a sample message.'}{' '}
        Its paths are offered as sources ({mapping.sources.length}); targets list the document’s model (
        {mapping.targets.length}).
      </div>
      <textarea
        className="json-input"
        data-testid="isa95-sample"
        rows={3}
        spellCheck={false}
        placeholder='{"payload": {"order": "WO-1", "good": 42}}'
        value={mapping.pasted}
        onChange={(e) => mapping.setPasted(e.target.value)}
      />
      {mapping.pasteError && <div className="field-hint">{mapping.pasteError}</div>}
      {preview && (
        <>
          <h4>B2MML preview {preview.ok ? '' : '(faults)'}</h4>
          {preview.ok ? (
            <pre className="isa95-preview" data-testid="isa95-preview">
              {preview.xml}
            </pre>
          ) : (
            <ul className="isa95-faults" data-testid="isa95-preview-faults">
              {preview.issues.map((i) => (
                <li key={`${i.path}:${i.message}`} className="field-error">
                  {i.rows.length ? `row ${i.rows.map((r) => r + 1).join(', ')}: ` : ''}
                  {i.path && <code>{i.path}</code>} {i.message}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
