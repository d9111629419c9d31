import { useState } from 'react';
import { initialValue } from '../../schema/defaults.js';
import { fieldKind, unwrapField } from '../../schema/field-kind.js';
import { isRecord, resolveRef } from '../../schema/json-schema.js';
import { humanize, issuesAt, issuesUnder, pathKey } from '../form-context.js';
import { renderInlineMarkdown } from '../inline-markdown.js';
import type { FieldProps } from '../SchemaField.js';
import { BooleanField, EnumField, NumberField, TextField } from './ScalarFields.js';

/**
 * A list of flat rows (`widget: 'table'`, e.g. a mapping table) drawn as compact rows that fit a
 * narrow sidebar: text columns stack on the left at full width, short ones (enums, numbers, flags)
 * and the row tools sit in a narrow column on the right, so nothing scrolls sideways. Column names
 * are the inputs' placeholders and tooltips; a row's faults show under that row.
 */
export function TableField(props: FieldProps) {
  const { schema, value, path, label, onChange, ctx } = props;
  const list = Array.isArray(value) ? value : Array.isArray(schema.default) ? schema.default : [];
  const itemSchema = resolveRef(schema.items && schema.items !== true ? schema.items : {}, ctx.root);
  const required = new Set(itemSchema.required ?? []);
  const columns = Object.entries(itemSchema.properties ?? {}).map(([key, raw]) => {
    const { schema: col, nullable } = unwrapField(raw, ctx.root);
    const kind = fieldKind(col);
    const title = col.title ?? humanize(key);
    return { key, col: { placeholder: title, ...col }, nullable, kind, title, narrow: kind !== 'string' };
  });
  const id = pathKey(path);
  const errors = issuesAt(ctx, path);
  // The cell whose picker (e.g. the ISA-95 model tree) is open, as `row.column`.
  const [picking, setPicking] = useState<string>();
  const replace = (next: unknown[]) => onChange(next);
  const move = (from: number, to: number) => {
    setPicking(undefined); // rows change places: a picker stays with no row
    const next = [...list];
    const [item] = next.splice(from, 1);
    next.splice(to, 0, item);
    replace(next);
  };
  const setCell = (i: number, key: string, v: unknown) =>
    replace(
      list.map((row, j) => {
        if (j !== i) return row;
        const next: Record<string, unknown> = { ...(isRecord(row) ? row : {}) };
        if (v === undefined) delete next[key];
        else next[key] = v;
        return next;
      }),
    );
  return (
    <fieldset
      className={`field-group table-field ${errors.length ? 'has-error' : ''}`}
      data-field={id}
      data-testid={`table-${id}`}
    >
      <legend>
        {label} <span className="count">{list.length}</span>
      </legend>
      {schema.description && <div className="field-help">{renderInlineMarkdown(schema.description)}</div>}
      {errors.map((e) => (
        <div key={e} className="field-error" role="alert" data-testid={`error-${id}`}>
          {e}
        </div>
      ))}
      {columns.map((c) => {
        const options = c.col.suggest ? ctx.suggestions?.(c.col.suggest) : undefined;
        return options?.length ? (
          <datalist key={c.key} id={`list-${id}-${c.key}`} data-testid={`list-${id}-${c.key}`}>
            {options.map((o) => (
              <option key={o} value={o} />
            ))}
          </datalist>
        ) : null;
      })}
      <div className="table-columns" aria-hidden>
        {columns.map((c) => c.title).join(' · ')}
      </div>
      {list.map((item, i) => {
        const row = isRecord(item) ? item : {};
        const rowKey = pathKey([...path, i]);
        // Faults of the row and of its cells, named by column, under the row they come from.
        const rowErrors = [
          ...issuesAt(ctx, [...path, i]),
          ...columns.flatMap((c) => issuesUnder(ctx, [...path, i, c.key]).map((m) => `${c.title}: ${m}`)),
        ];
        return (
          <div
            key={i}
            className={`table-row ${rowErrors.length ? 'has-error' : ''}`}
            data-testid={`row-${rowKey}`}
            role="group"
            aria-label={`row ${i + 1}`}
          >
            {columns.map((c) => {
              const cellId = pathKey([...path, i, c.key]);
              const common = {
                id: cellId,
                schema: c.col,
                value: row[c.key],
                nullable: c.nullable,
                required: required.has(c.key),
                onChange: (v: unknown) => setCell(i, c.key, v),
              };
              const cellErrors = issuesAt(ctx, [...path, i, c.key]);
              return (
                <div
                  key={c.key}
                  className={`table-cell ${c.narrow ? 'narrow' : 'wide'} ${cellErrors.length ? 'has-error' : ''}`}
                  title={`${c.title}${typeof row[c.key] === 'string' && row[c.key] ? `: ${String(row[c.key])}` : ''}`}
                >
                  {c.kind === 'enum' ? (
                    <EnumField {...common} />
                  ) : c.kind === 'boolean' ? (
                    <BooleanField {...common} />
                  ) : c.kind === 'number' || c.kind === 'integer' ? (
                    <NumberField {...common} />
                  ) : (
                    <div className="table-text">
                      <TextField {...common} {...(c.col.suggest ? { list: `list-${id}-${c.key}` } : {})} />
                      {c.col.suggest && ctx.picker?.(c.col.suggest) && (
                        <button
                          type="button"
                          className="table-browse"
                          title={`Browse: ${c.title}`}
                          aria-expanded={picking === `${i}.${c.key}`}
                          data-testid={`browse-${cellId}`}
                          onClick={() => setPicking(picking === `${i}.${c.key}` ? undefined : `${i}.${c.key}`)}
                        >
                          ⋯
                        </button>
                      )}
                    </div>
                  )}
                </div>
              );
            })}
            <div className="table-cell narrow table-tools">
              <span className="array-index">{i + 1}</span>
              <button type="button" title="Move up" disabled={i === 0} onClick={() => move(i, i - 1)}>
                ↑
              </button>
              <button type="button" title="Move down" disabled={i === list.length - 1} onClick={() => move(i, i + 1)}>
                ↓
              </button>
              <button
                type="button"
                title="Remove"
                className="danger"
                data-testid={`remove-${rowKey}`}
                onClick={() => {
                  setPicking(undefined);
                  replace(list.filter((_, j) => j !== i));
                }}
              >
                ✕
              </button>
            </div>
            {columns.map((c) => {
              const render = c.col.suggest && picking === `${i}.${c.key}` ? ctx.picker?.(c.col.suggest) : undefined;
              return render ? (
                <div key={`pick-${c.key}`} className="table-picker">
                  {render({
                    value: typeof row[c.key] === 'string' ? String(row[c.key]) : '',
                    onPick: (v) => {
                      setCell(i, c.key, v);
                      setPicking(undefined);
                    },
                    onClose: () => setPicking(undefined),
                  })}
                </div>
              ) : null;
            })}
            {rowErrors.map((e) => (
              <div key={e} className="field-error table-row-error" role="alert" data-testid={`error-${rowKey}`}>
                {e}
              </div>
            ))}
          </div>
        );
      })}
      <button
        type="button"
        className="add-item"
        disabled={schema.maxItems !== undefined && list.length >= schema.maxItems}
        data-testid={`add-${id}`}
        onClick={() => replace([...list, initialValue(itemSchema, ctx.root)])}
      >
        + Add row
      </button>
    </fieldset>
  );
}
