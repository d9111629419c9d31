import { UserError, type ValidationIssue } from '@millwright/model';

/**
 * B2MML that cannot be read (`invalid_b2mml`) or a document that cannot be written as valid B2MML
 * (`invalid_b2mml_model`). Carries every fault with its path; not retryable, the input must change.
 */
export class B2mmlError extends UserError {
  readonly issues: ValidationIssue[];

  constructor(code: 'invalid_b2mml' | 'invalid_b2mml_model', issues: ValidationIssue[], what = 'B2MML') {
    super(code, `invalid ${what}: ${formatIssues(issues)}`);
    this.issues = issues;
  }
}

/** One line per issue (`$.path: message`), at most `max`, with a count of the rest. */
export function formatIssues(issues: readonly ValidationIssue[], max = 5): string {
  if (issues.length === 0) return 'no details';
  const shown = issues.slice(0, max).map((i) => `${i.pathString}: ${i.message}`);
  const more = issues.length > max ? `; and ${issues.length - max} more` : '';
  return shown.join('; ') + more;
}
