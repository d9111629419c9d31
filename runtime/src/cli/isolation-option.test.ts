import { describe, expect, it } from 'vitest';
import { isolationOption, UsageError } from './command.js';

describe('--isolation', () => {
  it('accepts the three modes and leaves an absent flag to settings.json', () => {
    expect(isolationOption('process')).toBe('process');
    expect(isolationOption('worker')).toBe('worker');
    expect(isolationOption('in-process')).toBe('in-process');
    expect(isolationOption(undefined)).toBeUndefined();
  });

  it('rejects anything else as a usage error', () => {
    expect(() => isolationOption('thread')).toThrow(UsageError);
  });
});
