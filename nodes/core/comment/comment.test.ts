import { testNode } from '@millwright/sdk';
import { describe, expect, it } from 'vitest';
import comment from './index.js';

describe('comment node', () => {
  it('starts, ignores input and stops without output, errors or status', async () => {
    const h = await testNode(comment, { config: { text: '## Line 1\nReads the oven every 5 s.' } });
    h.input({ payload: 1 });
    await h.idle();
    await h.stop();
    expect(h.outputs(h.nodeId)).toEqual([]);
    expect(h.events).toEqual([]);
  });

  it('parses {} and rejects non-text', () => {
    expect(comment.config.parse({})).toEqual({ text: '' });
    expect(comment.config.safeParse({ text: 5 }).error?.issues[0]?.path).toEqual(['text']);
  });
});
