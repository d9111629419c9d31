import { describe, expect, it } from 'vitest';
import { humanize, indexIssues } from './form-context.js';

describe('form helpers', () => {
  it('labels config keys for humans', () => {
    expect(humanize('timeoutMs')).toBe('Timeout ms');
    expect(humanize('payload_type')).toBe('Payload type');
    expect(humanize('URL')).toBe('Url');
  });

  it('indexes issues by path without duplicates', () => {
    const map = indexIssues([
      { path: ['a', 0, 'b'], message: 'x' },
      { path: ['a', 0, 'b'], message: 'x' },
      { path: ['a', 0, 'b'], message: 'y' },
    ]);
    expect([...map]).toEqual([['a.0.b', ['x', 'y']]]);
  });
});
