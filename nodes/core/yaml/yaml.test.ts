import { testNode } from '@millwright/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import yaml from './index.js';

type Harness = Awaited<ReturnType<typeof testNode>>;
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});
const run = async (config: Record<string, unknown> = {}) => (h = await testNode(yaml, { config }));

describe('yaml node', () => {
  it('parses YAML text and bytes, and writes objects and arrays as YAML', async () => {
    const h = await run();
    h.input({ payload: 'line: L1\nlimits:\n  - 10\n  - 20.5\nactive: yes\n' });
    h.input({ payload: new TextEncoder().encode('a: true') });
    h.input({ payload: { station: 'S1', temps: [1, 2] } });
    const outs = await h.next(3);
    // YAML 1.2: `yes` stays a string
    expect(outs[0]?.payload).toEqual({ line: 'L1', limits: [10, 20.5], active: 'yes' });
    expect(outs[1]?.payload).toEqual({ a: true });
    expect(outs[2]?.payload).toBe('station: S1\ntemps:\n  - 1\n  - 2\n');
  });

  it('passes a message without the property on', async () => {
    const h = await run({ property: 'doc' });
    h.input({ payload: 1 });
    expect((await h.next())[0]?.payload).toBe(1);
  });

  it('routes bad YAML, alias bombs and numbers to catch with codes, and keeps running', async () => {
    const h = await run({ maxAliases: 10 });
    h.input({ payload: 'a: [1, 2\nb: }' });
    h.input({ payload: `a: &a [x, x]\nb: &b [*a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b]` });
    h.input({ payload: 12 });
    h.input({ payload: 'ok: 1' });
    const [out] = await h.next();
    expect(out?.payload).toEqual({ ok: 1 });
    expect(h.errors().map((e) => e.error.code)).toEqual([
      'yaml_parse_failed',
      'yaml_parse_failed',
      'yaml_unsupported_input',
    ]);
    expect(h.errors()[2]?.error.message).toBe(
      '"payload" is a number; the yaml node converts strings, bytes, objects and arrays',
    );
  });
});
