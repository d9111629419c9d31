import { testNode } from '@millwright/sdk';
import { describe, expect, it } from 'vitest';
import linkIn from './index.js';

describe('link-in node', () => {
  it('has no input port but passes on messages delivered to its id', async () => {
    expect(linkIn.inputs).toBe(0);
    const h = await testNode(linkIn);
    h.input({ payload: { qty: 3 }, topic: 'orders' });
    const [msg] = await h.next();
    await h.stop();
    expect(msg).toMatchObject({ payload: { qty: 3 }, topic: 'orders' });
  });
});
