import { asSchema, isRecord, type SchemaIssue } from '../schema/json-schema.js';
import { indexIssues, type FormContext } from './form-context.js';
import { ObjectFields } from './fields/ObjectFields.js';

/**
 * A form generated from a node type's config JSON Schema. No node has a hand-written form: the
 * schema (with its `.meta()` hints) decides the widgets, and faults are shown under their field.
 */
export function SchemaForm(props: {
  schema: Record<string, unknown>;
  value: Record<string, unknown>;
  issues: readonly SchemaIssue[];
  onChange: (value: Record<string, unknown>, field: string) => void;
  ctx: Omit<FormContext, 'root' | 'issues'>;
}) {
  const root = asSchema(props.schema);
  const ctx: FormContext = { ...props.ctx, root, issues: indexIssues(props.issues) };
  if (!Object.keys(root.properties ?? {}).length) return <p className="muted">This node has no settings.</p>;
  return (
    <div className="schema-form" data-testid="schema-form">
      {(ctx.issues.get('') ?? []).map((m) => (
        <div key={m} className="field-error" role="alert" data-testid="error-config">
          {m}
        </div>
      ))}
      <ObjectFields
        schema={root}
        value={props.value}
        path={[]}
        label=""
        required
        ctx={ctx}
        onChange={(v) => {
          const next = isRecord(v) ? v : {};
          props.onChange(next, changedKey(props.value, next));
        }}
      />
    </div>
  );
}

/** The top-level key an edit touched (undo merges quick edits of one field). */
function changedKey(before: Record<string, unknown>, after: Record<string, unknown>): string {
  for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) if (before[k] !== after[k]) return k;
  return '';
}
