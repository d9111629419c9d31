import { lazy, Suspense } from 'react';
import { fieldKind, unwrapField } from '../schema/field-kind.js';
import type { JsonSchema, ValuePath } from '../schema/json-schema.js';
import { FieldRow } from './FieldRow.js';
import { ArrayField } from './fields/ArrayField.js';
import { ConfigRefField } from './fields/ConfigRefField.js';
import { NodeRefField } from './fields/NodeRefField.js';
import { ObjectFields } from './fields/ObjectFields.js';
import { TableField } from './fields/TableField.js';
import { BooleanField, EnumField, JsonField, NumberField, TextField } from './fields/ScalarFields.js';
import { VariantField } from './fields/VariantField.js';
import { issuesAt, issuesUnder, pathKey, type FormContext } from './form-context.js';

// CodeMirror is large; it loads the first time a code field is shown, not with the canvas.
const CodeField = lazy(() => import('./CodeField.js'));

export interface FieldProps {
  schema: JsonSchema;
  value: unknown;
  path: ValuePath;
  label: string;
  required: boolean;
  onChange: (value: unknown) => void;
  ctx: FormContext;
}

/** One field of a generated form; picks the widget from the schema (see `fieldKind`). */
export function SchemaField(props: FieldProps) {
  const { schema: raw, value, path, label, required, onChange, ctx } = props;
  const { schema, nullable } = unwrapField(raw, ctx.root);
  const kind = fieldKind(schema);
  const id = pathKey(path);
  // A node picker draws its whole list, so faults of single ids (`links.1`) show on it.
  const errors = kind === 'nodeRef' ? issuesUnder(ctx, path) : issuesAt(ctx, path);
  const common = { id, schema, value, nullable, required, onChange };
  switch (kind) {
    case 'object':
      return (
        <fieldset className={`field-group ${errors.length ? 'has-error' : ''}`} data-field={id}>
          {label && <legend>{label}</legend>}
          {errors.map((e) => (
            <div key={e} className="field-error" role="alert" data-testid={`error-${id}`}>
              {e}
            </div>
          ))}
          <ObjectFields {...props} schema={schema} />
        </fieldset>
      );
    case 'array':
      return <ArrayField {...props} schema={schema} />;
    case 'table':
      return <TableField {...props} schema={schema} />;
    case 'variant':
      return <VariantField {...props} schema={schema} />;
    default:
      break;
  }
  const control = (() => {
    switch (kind) {
      case 'code':
        return (
          <Suspense
            fallback={<textarea className="code-fallback" readOnly value={typeof value === 'string' ? value : ''} />}
          >
            <CodeField {...common} language={schema.language} />
          </Suspense>
        );
      case 'configRef':
        return <ConfigRefField {...common} ctx={ctx} />;
      case 'nodeRef':
        return <NodeRefField {...common} ctx={ctx} />;
      case 'enum':
        return <EnumField {...common} />;
      case 'boolean':
        return <BooleanField {...common} />;
      case 'number':
      case 'integer':
        return <NumberField {...common} />;
      case 'string':
      case 'textarea':
        return <TextField {...common} multiline={kind === 'textarea'} />;
      default:
        return <JsonField {...common} />;
    }
  })();
  return (
    <FieldRow id={id} label={label} schema={schema} required={required} errors={errors} inline={kind === 'boolean'}>
      {control}
    </FieldRow>
  );
}
