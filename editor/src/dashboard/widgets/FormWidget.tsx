import { checkDashboardForm, type DashboardField } from '@millwright/model';
import { useState } from 'react';
import { ConfirmDialog } from './ConfirmDialog.js';
import { SendStatus } from './SendStatus.js';
import { useSend } from './useSend.js';
import { cfg, type WidgetProps } from './widget-props.js';

function fieldsOf(widget: WidgetProps['widget']): DashboardField[] {
  return cfg.list(widget, 'fields').map((f) => ({
    name: String(f['name']),
    label: typeof f['label'] === 'string' ? f['label'] : '',
    type: f['type'] === 'number' || f['type'] === 'select' ? f['type'] : 'text',
    required: f['required'] === true,
    ...(typeof f['min'] === 'number' ? { min: f['min'] } : {}),
    ...(typeof f['max'] === 'number' ? { max: f['max'] } : {}),
    ...(typeof f['pattern'] === 'string' ? { pattern: f['pattern'] } : {}),
    options: (Array.isArray(f['options']) ? f['options'] : []).flatMap((o: unknown) =>
      typeof o === 'object' && o !== null
        ? [
            {
              value: String(Reflect.get(o, 'value')),
              label: String(Reflect.get(o, 'label') || Reflect.get(o, 'value')),
            },
          ]
        : [],
    ),
  }));
}

/**
 * Fields checked as the node checks them (`checkDashboardForm`), so faults show before sending;
 * a valid submit sends `{ field: value }` and clears the form.
 */
export function FormWidget({ widget, send, canInput }: WidgetProps) {
  const fields = fieldsOf(widget);
  const [values, setValues] = useState<Record<string, string>>({});
  const [faults, setFaults] = useState<Record<string, string>>({});
  const s = useSend(widget, (value) =>
    send(value).then((issues) => {
      if (issues.length === 0) setValues({});
      return issues;
    }),
  );
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const { values: checked, issues } = checkDashboardForm(fields, values);
    setFaults(Object.fromEntries(issues.map((i) => [i.field, i.message])));
    if (issues.length === 0) s.request(checked);
  };
  return (
    <form className="input-widget form-widget" onSubmit={submit} noValidate>
      {fields.map((f) => (
        <label key={f.name} className={faults[f.name] ? 'field invalid' : 'field'}>
          <span>
            {f.label || f.name}
            {f.required ? ' *' : ''}
          </span>
          {f.type === 'select' ? (
            <select
              data-testid={`field-${f.name}`}
              value={values[f.name] ?? ''}
              disabled={!canInput}
              onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
            >
              <option value="">Choose…</option>
              {(f.options ?? []).map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          ) : (
            <input
              data-testid={`field-${f.name}`}
              inputMode={f.type === 'number' ? 'decimal' : 'text'}
              value={values[f.name] ?? ''}
              disabled={!canInput}
              onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
            />
          )}
          {faults[f.name] && (
            <small className="alarm" data-testid={`fault-${f.name}`}>
              {faults[f.name]}
            </small>
          )}
        </label>
      ))}
      <button type="submit" className="big-button primary" data-testid="form-submit" disabled={!canInput}>
        {cfg.str(widget, 'submitLabel', 'Submit')}
      </button>
      <SendStatus state={s.state} />
      {s.asking && <ConfirmDialog question={s.confirm} onAnswer={s.answer} />}
    </form>
  );
}
