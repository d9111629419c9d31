/**
 * One field of a dashboard form (`ui-form`) or the choice of a dropdown. The same check runs in the
 * operator's browser (to say what is wrong at once) and in the widget node (which refuses what
 * a hand-made request sends), so both say the same thing.
 */
export interface DashboardField {
  name: string;
  label?: string;
  type: 'text' | 'number' | 'select';
  required?: boolean;
  /** Numbers: smallest and largest allowed value. */
  min?: number;
  max?: number;
  /** Text: a regular expression the whole value must match. */
  pattern?: string;
  /** Select: the allowed values. */
  options?: Array<{ label?: string; value: string }>;
}

/** A field's fault, by field name. */
export interface DashboardFieldIssue {
  field: string;
  message: string;
}

/**
 * Checks submitted form values against the fields and returns them typed (numbers as numbers,
 * empty optional fields left out) with the faults found; `issues` empty means valid. Keys that
 * are not fields are dropped.
 */
export function checkDashboardForm(
  fields: readonly DashboardField[],
  input: unknown,
): { values: Record<string, string | number>; issues: DashboardFieldIssue[] } {
  const raw: Record<string, unknown> = typeof input === 'object' && input !== null ? { ...input } : {};
  const values: Record<string, string | number> = {};
  const issues: DashboardFieldIssue[] = [];
  for (const f of fields) {
    const v = raw[f.name];
    const text = v === undefined || v === null ? '' : String(v).trim();
    const name = f.label || f.name;
    if (text === '') {
      if (f.required) issues.push({ field: f.name, message: `${name} is required` });
      continue;
    }
    if (f.type === 'number') {
      const n = Number(text);
      if (!Number.isFinite(n)) issues.push({ field: f.name, message: `${name} must be a number` });
      else if (f.min !== undefined && n < f.min) issues.push({ field: f.name, message: `${name} must be ≥ ${f.min}` });
      else if (f.max !== undefined && n > f.max) issues.push({ field: f.name, message: `${name} must be ≤ ${f.max}` });
      else values[f.name] = n;
      continue;
    }
    if (f.type === 'select' && !(f.options ?? []).some((o) => o.value === text)) {
      issues.push({ field: f.name, message: `${name}: choose one of the listed values` });
      continue;
    }
    if (f.type === 'text' && f.pattern && !new RegExp(`^(?:${f.pattern})$`).test(text)) {
      issues.push({ field: f.name, message: `${name} does not have the expected form` });
      continue;
    }
    values[f.name] = text;
  }
  return { values, issues };
}
