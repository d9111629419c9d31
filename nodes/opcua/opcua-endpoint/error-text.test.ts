import { describe, expect, it } from 'vitest';
import { errorText, explainStatus } from './error-text.js';

describe('explainStatus', () => {
  it('says what the common Bad status codes mean and leaves others as they are', () => {
    expect(explainStatus('BadNodeIdUnknown')).toBe('BadNodeIdUnknown: the node does not exist on the server');
    expect(explainStatus('BadNotWritable')).toBe('BadNotWritable: the variable may not be written');
    expect(explainStatus('BadUserAccessDenied')).toMatch(/^BadUserAccessDenied: the user of this endpoint/);
    expect(explainStatus('BadSomethingRare')).toBe('BadSomethingRare');
  });

  it('keeps the first line of an error message', () => {
    expect(errorText(new Error('BadTimeout\n  at decorations'))).toBe('BadTimeout');
  });
});
