import { CONTEXT_VIEW_MAX_KEYS } from '@millwright/model';
import { describe, expect, it } from 'vitest';
import { viewContext } from './context-view.js';

describe('viewContext', () => {
  it('lists at most 1,000 keys, sorted, and says how many there are', () => {
    const values = Array.from({ length: 1_500 }, (_, i): [string, unknown] => [
      `k${String(1_499 - i).padStart(4, '0')}`,
      i,
    ]);
    const view = viewContext('flow', values);
    expect(view.entries).toHaveLength(CONTEXT_VIEW_MAX_KEYS);
    expect(view.entries[0]?.key).toBe('k0000');
    expect(view.entries.at(-1)?.key).toBe('k0999');
    expect(view).toMatchObject({ scope: 'flow', total: 1_500, truncated: true });
  });

  it('cuts large values as debug values are and keeps the whole size', () => {
    const view = viewContext('node', [
      ['big', 'x'.repeat(20_000)],
      ['when', new Date(0)],
      ['map', new Map([['a', 1]])],
      ['n', 10n],
    ]);
    const byKey = Object.fromEntries(view.entries.map((e) => [e.key, e]));
    expect(byKey['big']).toMatchObject({ truncated: true, bytes: 20_002 });
    expect((byKey['big']?.value as string).length).toBe(10_001);
    expect(byKey['when']).toMatchObject({ value: '1970-01-01T00:00:00.000Z', truncated: false, bytes: 26 });
    // Not JSON: shown as the debug sidebar shows it, without a size.
    expect(byKey['map']).toMatchObject({ value: { a: 1 }, bytes: undefined });
    expect(byKey['n']).toMatchObject({ value: '10n', bytes: undefined });
    expect(view.truncated).toBe(false);
  });
});
