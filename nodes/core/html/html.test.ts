import { testNode, type NodeHarness } from '@millwright/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import html from './index.js';

let h: NodeHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});
const PAGE = `<html><body><h1>Parts</h1><ul class="parts">
  <li class="item" data-qty="5"> <b>Bolt</b> M8 </li>
  <li class="item" data-qty="2">Nut</li>
  <li class="item"></li>
</ul></body></html>`;
const run = async (config: Record<string, unknown>, msg: Record<string, unknown>, count = 1) => {
  h = await testNode(html, { config });
  h.input(msg);
  return h.next(count);
};

describe('html node', () => {
  it('extracts inner HTML, text, attributes or the element into an array', async () => {
    expect((await run({ selector: 'li.item' }, { payload: PAGE }))[0]?.payload).toEqual(['<b>Bolt</b> M8', 'Nut', '']);
    await h?.stop();
    expect((await run({ selector: '.parts li', output: 'text' }, { payload: PAGE }))[0]?.payload).toEqual([
      ' Bolt M8 ',
      'Nut',
      '',
    ]);
    await h?.stop();
    const [attrs] = await run({ selector: 'li', output: 'attributes', outProperty: 'items' }, { payload: PAGE });
    expect(attrs?.['items']).toEqual([
      { class: 'item', 'data-qty': '5' },
      { class: 'item', 'data-qty': '2' },
      { class: 'item' },
    ]);
    expect(attrs?.payload).toBe(PAGE);
    await h?.stop();
    expect(
      (await run({ selector: 'h1', output: 'element', contentKey: 'html' }, { payload: PAGE }))[0]?.payload,
    ).toEqual([{ html: 'Parts' }]);
  });

  it('sends one message per element as a sequence (empty ones left out), selector from msg.select', async () => {
    const outs = await run({ multiple: true }, { payload: Buffer.from(PAGE), select: 'li.item' }, 2);
    expect(outs.map((m) => m.payload)).toEqual(['<b>Bolt</b> M8', 'Nut']);
    expect(outs.map((m) => m['parts'])).toEqual([
      { id: expect.any(String), index: 0, count: 3, type: 'string', ch: '' },
      { id: expect.any(String), index: 1, count: 3, type: 'string', ch: '' },
    ]);
    expect(outs[0]?.id).not.toBe(outs[1]?.id);
  });

  it('refuses a bad selector at config parse; raises coded errors for bad input and goes on', async () => {
    expect(html.config.safeParse({ selector: 'li[' }).error?.issues[0]?.path).toEqual(['selector']);
    h = await testNode(html, { config: { maxInput: 1_000 } });
    for (const msg of [
      { payload: 42 },
      { payload: PAGE },
      { payload: '<p>x</p>'.repeat(200), select: 'p' },
      { payload: '<p/>', select: 'p[' },
    ])
      h.input(msg);
    h.input({ payload: '<p>ok</p>', select: 'p' });
    h.input({ other: 1 });
    const outs = await h.next(2);
    expect(outs[0]?.payload).toEqual(['ok']);
    expect(outs[1]?.['other']).toBe(1); // no HTML: passed on unchanged
    expect(h.errors().map((e) => (e.error as { code: string }).code)).toEqual([
      'html_not_text',
      'html_no_selector',
      'html_too_large',
      'html_bad_selector',
    ]);
  });
});
