import type { Flow } from '@millwright/model';
import { describe, expect, it } from 'vitest';
import { clearDraft, draftKey, readDraft, saveDraft, type DraftStorage } from './drafts.js';

function memoryStorage(limit = Infinity): DraftStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => {
      if (v.length > limit) throw new DOMException('full', 'QuotaExceededError');
      data.set(k, v);
    },
    removeItem: (k) => void data.delete(k),
  };
}

const flow: Flow = { version: 1, id: 'f1', name: 'Line 1', nodes: [], wires: [] };

describe('drafts', () => {
  it('keeps one draft per runtime and user', () => {
    const s = memoryStorage();
    const a = draftKey('http://127.0.0.1:1880', 'alice');
    const b = draftKey('http://127.0.0.1:1880', 'bob');
    expect(saveDraft(s, a, { baseRevision: '3-x', flows: [flow], savedAt: 1 })).toBe(true);
    expect(readDraft(s, a)).toEqual({ baseRevision: '3-x', flows: [flow], savedAt: 1 });
    expect(readDraft(s, b)).toBeUndefined();
    clearDraft(s, a);
    expect(readDraft(s, a)).toBeUndefined();
  });

  it('reports a full storage instead of throwing, and ignores what is not a draft', () => {
    const s = memoryStorage(10);
    expect(saveDraft(s, 'k', { baseRevision: '1', flows: [flow], savedAt: 1 })).toBe(false);
    s.data.set('k', '{"flows": 3}');
    expect(readDraft(s, 'k')).toBeUndefined();
    s.data.set('k', 'not json');
    expect(readDraft(s, 'k')).toBeUndefined();
  });
});
