import type { ReactNode } from 'react';
import type { JsonSchema } from '../schema/json-schema.js';
import { renderInlineMarkdown } from './inline-markdown.js';

/** Label, input, help text and inline errors of one form field. */
export function FieldRow(props: {
  id: string;
  label: string;
  schema: JsonSchema;
  required: boolean;
  errors: string[];
  children: ReactNode;
  inline?: boolean;
}) {
  const { id, label, schema, required, errors, children, inline } = props;
  return (
    <div className={`field ${errors.length ? 'has-error' : ''} ${inline ? 'inline' : ''}`} data-field={id}>
      <label className="field-label" htmlFor={`input-${id}`}>
        {label}
        {required && (
          <span className="required" aria-label="required">
            *
          </span>
        )}
      </label>
      <div className="field-control">{children}</div>
      {schema.description && <div className="field-help">{renderInlineMarkdown(schema.description)}</div>}
      {errors.map((e) => (
        <div key={e} className="field-error" role="alert" data-testid={`error-${id}`}>
          {e}
        </div>
      ))}
    </div>
  );
}
