import { describe, expect, it } from 'vitest';
import { OutcomeUnknownError } from './outcome-unknown.error.js';
import { reviveError } from './revive-error.js';
import { serializeError } from './serialize-error.js';

describe('OutcomeUnknownError', () => {
  it('is an operational outcome_unknown, not retryable unless the request is idempotent', () => {
    const err = new OutcomeUnknownError('write of x: no answer');
    expect(err.toJSON()).toEqual({
      name: 'OutcomeUnknownError',
      code: 'outcome_unknown',
      message: 'write of x: no answer',
      kind: 'operational',
      retryable: false,
    });
    expect(new OutcomeUnknownError('again', { idempotent: true }).retryable).toBe(true);
  });

  it('keeps its code, kind and retryability across a worker boundary', () => {
    const revived = reviveError(serializeError(new OutcomeUnknownError('lost')));
    expect(revived).toMatchObject({ name: 'OutcomeUnknownError', code: 'outcome_unknown', kind: 'operational' });
    expect(revived.retryable).toBe(false);
  });
});
