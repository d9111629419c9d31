import { describe, expect, it } from 'vitest';
import { CONVERTERS } from './converters/index.js';
import type { ConvertContext, ConvertOutcome, NodeRedNode } from './types.js';

// Converters of json, xml, yaml, range, rbe, trigger, sort and batch (issue 18), fed with the
// fields Node-RED's editor writes (as in @node-red/nodes/examples).
const ctx: ConvertContext = { node: () => undefined, groupMembers: () => [], idOf: (id) => id, sources: () => [] };
const convert = (type: string, fields: Record<string, unknown>): ConvertOutcome => {
  const converter = CONVERTERS[type];
  if (!converter) throw new Error(`no converter for ${type}`);
  return converter.convert({ id: 'n1', type, z: 't', x: 0, y: 0, wires: [[]], ...fields } as NodeRedNode, ctx);
};
const config = (o: ConvertOutcome) => {
  if ('unsupported' in o) throw new Error(`unexpectedly unsupported: ${o.unsupported}`);
  return o.config;
};
const reason = (o: ConvertOutcome) => ('unsupported' in o ? o.unsupported : undefined);

describe('parsers', () => {
  it('html: selector, output, array or sequence, output property', () => {
    expect(
      config(
        convert('html', {
          property: 'payload',
          outproperty: 'items',
          tag: '.Item',
          ret: 'compl',
          chr: 'c',
          as: 'multi',
        }),
      ),
    ).toEqual({
      property: 'payload',
      outProperty: 'items',
      selector: '.Item',
      output: 'element',
      contentKey: 'c',
      multiple: true,
    });
    expect(config(convert('html', { tag: '', ret: 'attr', as: 'single' }))).toMatchObject({
      selector: '',
      output: 'attributes',
      multiple: false,
      outProperty: 'payload',
    });
    expect(reason(convert('html', { ret: 'val' }))).toBe('html output "val"');
  });

  it('json: action "", "str" and "obj" become auto, stringify and parse', () => {
    expect(config(convert('json', { property: 'msg.body', action: '', pretty: true }))).toEqual({
      action: 'auto',
      property: 'body',
      pretty: true,
    });
    expect(config(convert('json', { action: 'str' }))).toMatchObject({ action: 'stringify', property: 'payload' });
    expect(config(convert('json', { action: 'obj' }))).toMatchObject({ action: 'parse' });
  });

  it('xml keeps custom attribute and text keys, defaulting to $ and _; yaml its property', () => {
    expect(config(convert('xml', { property: 'payload', attr: '', chr: '' }))).toEqual({
      property: 'payload',
      attrKey: '$',
      charKey: '_',
    });
    expect(config(convert('xml', { attr: 'a', chr: 'text' }))).toMatchObject({ attrKey: 'a', charKey: 'text' });
    expect(config(convert('yaml', { property: 'doc' }))).toEqual({ property: 'doc' });
  });
});

describe('range and rbe', () => {
  it('range: numbers from strings, roll becomes wrap, an empty input range is refused', () => {
    expect(
      config(convert('range', { minin: '0', maxin: '9', minout: '0', maxout: '90', action: 'roll', round: true })),
    ).toEqual({ property: 'payload', action: 'wrap', inMin: 0, inMax: 9, outMin: 0, outMax: 90, round: true });
    expect(reason(convert('range', { minin: '5', maxin: '5', minout: '0', maxout: '1' }))).toMatch(/empty input range/);
  });

  it('rbe: mode, gap in units or percent, compare with input, topics and start', () => {
    expect(
      config(convert('rbe', { func: 'deadband', gap: '10%', inout: 'in', septopics: false, topi: 'msg.tag' })),
    ).toEqual({
      mode: 'deadband',
      gap: 10,
      gapPercent: true,
      compareTo: 'lastInput',
      property: 'payload',
      perTopic: false,
      topicProperty: 'tag',
    });
    expect(config(convert('rbe', { func: 'narrowband', gap: '5', start: '20' }))).toMatchObject({
      gap: 5,
      gapPercent: false,
      compareTo: 'lastOutput',
      perTopic: true,
      start: 20,
    });
    expect(convert('rbe', { func: 'narrowband', gap: '5', start: 'x' })).toMatchObject({
      warnings: ['start value "x" is not a number; the first value is used instead'],
    });
    expect(config(convert('rbe', {}))).toMatchObject({ mode: 'rbe', gap: 0 });
  });
});

describe('trigger', () => {
  it('maps the examples: values, units, extend, second output, per topic by _msgid', () => {
    expect(
      config(
        convert('trigger', {
          op1: 'reset',
          op2: 'true',
          op1type: 'str',
          op2type: 'bool',
          duration: '2',
          extend: true,
          units: 's',
          reset: '',
          bytopic: 'all',
          outputs: 1,
        }),
      ),
    ).toEqual({
      sendType: 'string',
      sendValue: 'reset',
      then: 'wait',
      durationMs: 2000,
      extend: true,
      overrideDelay: false,
      secondType: 'boolean',
      secondValue: 'true',
      outputs: 1,
      resetPayload: '',
      byTopic: false,
      topicProperty: 'topic',
    });
    expect(
      config(convert('trigger', { op1type: 'pay', op2: '0', op2type: 'str', duration: '3', units: 's', outputs: 2 })),
    ).toMatchObject({ sendType: 'original', secondType: 'string', secondValue: '0', outputs: 2 });
    expect(
      config(
        convert('trigger', {
          op1type: 'pay',
          op2type: 'nul',
          duration: '10',
          units: 's',
          bytopic: 'topic',
          topic: '_msgid',
        }),
      ),
    ).toMatchObject({ secondType: 'nothing', byTopic: true, topicProperty: 'id', durationMs: 10_000 });
  });

  it('a negative duration resends, 0 waits for a reset; old "val" types and latest/date are mapped', () => {
    expect(
      config(convert('trigger', { op1: '0', op1type: 'num', duration: '-2', units: 's', reset: 'reset' })),
    ).toMatchObject({ then: 'resend', durationMs: 2000, sendType: 'number', sendValue: '0', resetPayload: 'reset' });
    expect(config(convert('trigger', { duration: '0', op1: 'true', op1type: 'val', op2type: 'payl' }))).toMatchObject({
      then: 'waitForReset',
      sendType: 'boolean',
      sendValue: 'true',
      secondType: 'latest',
    });
    expect(config(convert('trigger', { op1: '1', op1type: 'date', units: 'min', duration: '1.5' }))).toMatchObject({
      sendType: 'timestamp',
      durationMs: 90_000,
    });
    expect(reason(convert('trigger', { op1type: 'jsonata', op1: '$now()' }))).toMatch(
      /^first value: value type "jsonata"/,
    );
  });
});

describe('sort and batch', () => {
  it('sort: array property or sequence, plain JSONata paths become keys, other JSONata a key expression', () => {
    expect(
      config(
        convert('sort', {
          order: 'descending',
          as_num: true,
          target: 'payload',
          targetType: 'msg',
          msgKeyType: 'elem',
        }),
      ),
    ).toEqual({
      target: 'property',
      property: 'payload',
      elementKey: '',
      keyExpression: '',
      order: 'descending',
      asNumber: true,
    });
    expect(
      config(convert('sort', { target: 'payload', targetType: 'msg', msgKey: 'price', msgKeyType: 'jsonata' })),
    ).toMatchObject({ elementKey: 'price' });
    expect(config(convert('sort', { targetType: 'seq', seqKey: 'payload.price', seqKeyType: 'jsonata' }))).toEqual({
      target: 'sequence',
      key: 'payload.price',
      order: 'ascending',
      asNumber: false,
    });
    expect(config(convert('sort', { targetType: 'seq', seqKey: '$string(payload)', seqKeyType: 'jsonata' }))).toEqual({
      target: 'sequence',
      key: 'payload',
      keyExpression: '$string(payload)',
      order: 'ascending',
      asNumber: false,
    });
  });

  it('batch: count with overlap, interval in seconds, concat topics; impossible settings are refused', () => {
    expect(config(convert('batch', { mode: 'count', count: '5', overlap: '1', interval: '5' }))).toEqual({
      mode: 'count',
      count: 5,
      overlap: 1,
      honourParts: false,
    });
    expect(config(convert('batch', { mode: 'interval', interval: '2.5', allowEmptySequence: true }))).toEqual({
      mode: 'interval',
      intervalMs: 2500,
      allowEmpty: true,
    });
    expect(config(convert('batch', { mode: 'concat', topics: [{ topic: 'NEG' }, { topic: 'POS' }] }))).toEqual({
      mode: 'concat',
      topics: ['NEG', 'POS'],
    });
    expect(reason(convert('batch', { mode: 'count', count: '2', overlap: '2' }))).toMatch(/overlap 2/);
    expect(reason(convert('batch', { mode: 'interval', interval: '0' }))).toMatch(/interval of 0/);
  });
});

describe('nodes without an equivalent', () => {
  it('complete becomes a placeholder that says why and what to do instead', () => {
    expect(reason(convert('link call', { links: ['a'] }))).toBe(
      'link call without a link in node of this export to call',
    );
    expect(reason(convert('complete', { scope: [] }))).toMatch(/the engine does not report completions/);
  });
});

describe('exec', () => {
  it('splits the command line into a program and arguments (quotes kept together), with the enabling warning', () => {
    const o = convert('exec', { command: '/bin/sh -c "echo a; echo b"', append: "'x y'", addpay: true, timer: '2' });
    expect(config(o)).toEqual({
      command: '/bin/sh',
      args: ['-c', 'echo a; echo b', 'x y'],
      appendPayload: true,
      timeoutMs: 2000,
    });
    expect('warnings' in o && o.warnings?.[0]).toMatch(/off by default.*nodes\.exec\.allow.*admin role/);
    const bare = convert('exec', { command: 'echo', addpay: 'payload', timer: '' });
    expect(config(bare)).toEqual({ command: '/usr/bin/echo', args: [], appendPayload: true });
    expect('warnings' in bare && bare.warnings).toEqual([
      expect.stringMatching(/off by default/),
      'command "echo" became "/usr/bin/echo" (no PATH lookup): check the path',
      'no timeout in Node-RED: the exec node stops the command after 60 s',
    ]);
  });

  it('leaves shell syntax, spawn mode and other appended properties as placeholders', () => {
    expect(reason(convert('exec', { command: 'ls /tmp | wc -l' }))).toMatch(/needs a shell/);
    expect(reason(convert('exec', { command: 'echo $HOME' }))).toMatch(/needs a shell/);
    expect(reason(convert('exec', { command: 'echo "open' }))).toMatch(/needs a shell/);
    expect(reason(convert('exec', { command: '/bin/date', useSpawn: 'true' }))).toMatch(/spawn mode/);
    expect(reason(convert('exec', { command: '/bin/date', addpay: 'topic' }))).toBe(
      'exec appending msg.topic: only msg.payload can be appended',
    );
  });
});
