import type { ValidationIssue } from '../issues.js';
import { UserError } from './user.error.js';

/** A flow (or other document) failed validation. Carries every fault with its path. */
export class ValidationError extends UserError {
  readonly issues: ValidationIssue[];

  constructor(issues: ValidationIssue[], message = summarize(issues)) {
    super('invalid_flow', message);
    this.issues = issues;
  }
}

function summarize(issues: ValidationIssue[]): string {
  const first = issues[0];
  if (!first) return 'validation failed';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return `${first.pathString}: ${first.message}${more}`;
}
