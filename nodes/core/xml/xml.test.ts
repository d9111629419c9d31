import { testNode } from '@millwright/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import xml from './index.js';

type Harness = Awaited<ReturnType<typeof testNode>>;
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});
const run = async (config: Record<string, unknown> = {}) => (h = await testNode(xml, { config }));
const convert = async (payload: unknown, config: Record<string, unknown> = {}) => {
  const h = await run(config);
  h.input({ payload });
  const [out] = await h.next();
  await h.stop();
  return out?.payload;
};

describe('xml node', () => {
  it('parses XML into the object shape of Node-RED (xml2js defaults)', async () => {
    const doc = `<?xml version="1.0"?>
<order id="42" line="L1">
  <item qty="2">bolt &amp; nut</item>
  <item>washer</item>
  <note><![CDATA[<fragile>]]></note>
  <empty/>
  <blank> </blank>
  <price currency="EUR">1.50</price>
</order>`;
    expect(await convert(doc)).toEqual({
      order: {
        $: { id: '42', line: 'L1' },
        item: [{ _: 'bolt & nut', $: { qty: '2' } }, 'washer'],
        note: ['<fragile>'],
        empty: [''],
        blank: [' '],
        price: [{ _: '1.50', $: { currency: 'EUR' } }],
      },
    });
    expect(await convert('<a>x &#228; &#x4E2D;</a>')).toEqual({ a: 'x ä 中' });
  });

  it('refuses an element called __proto__ (the parser flags it) without touching prototypes', async () => {
    const h = await run();
    h.input({ payload: '<a><__proto__><polluted>1</polluted></__proto__></a>' });
    const err = await h.waitForEvent((e) => e.type === 'error');
    expect(err).toMatchObject({ error: { code: 'xml_parse_failed', message: expect.stringMatching(/__proto__/) } });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('puts a single child element in an array only with explicitArray (config or msg.options)', async () => {
    const doc = '<fruit id="1"><kind>Apple</kind><tag>a</tag><tag>b</tag></fruit>';
    const flat = { fruit: { $: { id: '1' }, kind: 'Apple', tag: ['a', 'b'] } };
    expect(await convert(doc, { explicitArray: false })).toEqual(flat);
    const h = await run();
    h.input({ payload: doc, options: { explicitArray: false } });
    h.input({ payload: doc });
    const outs = await h.next(2);
    expect(outs[0]?.payload).toEqual(flat);
    expect(outs[1]?.payload).toEqual({ fruit: { $: { id: '1' }, kind: ['Apple'], tag: ['a', 'b'] } });
  });

  it('uses the configured attribute and text keys both ways', async () => {
    expect(await convert('<a k="v">t</a>', { attrKey: 'attrs', charKey: 'text' })).toEqual({
      a: { attrs: { k: 'v' }, text: 't' },
    });
    expect(await convert({ a: { attrs: { k: 'v' }, text: 't' } }, { attrKey: 'attrs', charKey: 'text' })).toBe(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><a k="v">t</a>',
    );
  });

  it('writes objects as XML the way Node-RED does, and reads them back', async () => {
    const obj = {
      order: { $: { id: '42' }, item: ['bolt <M6>', { _: 'nut', $: { qty: '2' } }], ok: true, none: null },
    };
    const text = await convert(obj);
    expect(text).toBe(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><order id="42"><item>bolt &lt;M6&gt;</item><item qty="2">nut</item><ok>true</ok><none/></order>',
    );
    expect(await convert(text)).toEqual({
      order: { $: { id: '42' }, item: ['bolt <M6>', { _: 'nut', $: { qty: '2' } }], ok: ['true'], none: [''] },
    });
    // several top-level keys are wrapped in <root>
    expect(await convert({ a: 1, b: 2 })).toBe(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><root><a>1</a><b>2</b></root>',
    );
  });

  it('routes malformed XML, DOCTYPE, too deep or too long input and bad names to catch, and keeps running', async () => {
    const h = await run({ maxDepth: 3, maxLength: 200 });
    h.input({ payload: '<a><b></a>' });
    h.input({ payload: '<!DOCTYPE x [<!ENTITY lol "lol">]><x>&lol;</x>' });
    h.input({ payload: '<a><b><c><d/></c></b></a>' });
    h.input({ payload: `<a>${'x'.repeat(300)}</a>` });
    h.input({ payload: '<a>&nbsp;</a>' });
    h.input({ payload: { 'bad name': 1 } });
    h.input({ payload: 5 });
    h.input({ payload: '<ok/>' });
    const [out] = await h.next();
    expect(out?.payload).toEqual({ ok: '' });
    expect(h.errors().map((e) => e.error.code)).toEqual([
      'xml_parse_failed',
      'xml_doctype_not_allowed',
      'xml_too_deep',
      'xml_too_large',
      'xml_parse_failed',
      'xml_build_failed',
      'xml_unsupported_input',
    ]);
    expect(h.errors()[0]?.error.message).toMatch(/^invalid XML at line 1, column \d+: /);
  });
});
