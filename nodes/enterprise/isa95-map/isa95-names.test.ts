import * as isa95 from '@millwright/isa95';
import { describe, expect, it } from 'vitest';
import { NOUNS, VERBS } from './isa95-names.js';

describe('isa95 names', () => {
  it('match the nouns and verbs of @millwright/isa95, in order', () => {
    expect(NOUNS).toEqual(isa95.NOUNS);
    expect(VERBS).toEqual(isa95.VERBS);
  });
});
