import { MemoryContextStore } from '@millwright/sdk';
import { describe, expect, it } from 'vitest';
import { WriteOnceKeys } from './write-once-keys.js';

describe('WriteOnceKeys', () => {
  it('remembers at most `limit` keys and forgets the oldest first', () => {
    const store = new MemoryContextStore();
    const keys = new WriteOnceKeys(store, 2);
    keys.set('a', 'sent');
    keys.set('b', 'applied');
    keys.set('a', 'applied'); // an update keeps its place
    keys.set('c', 'sent');
    expect([keys.get('a'), keys.get('b'), keys.get('c')]).toEqual([undefined, 'applied', 'sent']);
    expect(store.keys().sort()).toEqual(['write-once:b', 'write-once:c']);
  });

  it('finds the keys again in the context it was given, oldest first, and drops entries it cannot read', () => {
    const store = new MemoryContextStore();
    store.set('write-once:old', { state: 'applied', at: 1 });
    store.set('write-once:new', { state: 'sent', at: 3 });
    store.set('write-once:mid', { state: 'applied', at: 2 });
    store.set('write-once:junk', 'nonsense');
    store.set('other', 1);
    const keys = new WriteOnceKeys(store, 2);
    expect(keys.size).toBe(2);
    expect([keys.get('old'), keys.get('mid'), keys.get('new')]).toEqual([undefined, 'applied', 'sent']);
    expect(store.keys().sort()).toEqual(['other', 'write-once:mid', 'write-once:new']);
  });

  it('forgets a key whose write surely failed', () => {
    const store = new MemoryContextStore();
    const keys = new WriteOnceKeys(store, 10);
    keys.set('a', 'sent');
    keys.delete('a');
    expect(keys.get('a')).toBeUndefined();
    expect(store.keys()).toEqual([]);
  });
});
