import { describe, expect, it } from 'vitest';
import { CONVERTERS } from './converters/index.js';
import type { ConvertContext, ConvertOutcome, NodeRedNode } from './types.js';

const ctx: ConvertContext = {
  node: (id) => (id.startsWith('in') ? { id, type: 'link in', z: 't' } : undefined),
  groupMembers: () => ['a', 'b', 'c1'],
  idOf: (id) => id,
  sources: () => [],
};
const convert = (type: string, fields: Record<string, unknown>): ConvertOutcome => {
  const converter = CONVERTERS[type];
  if (!converter) throw new Error(`no converter for ${type}`);
  const node: NodeRedNode = { id: 'c1', type, z: 't', x: 0, y: 0, wires: [[]], ...fields };
  return converter.convert(node, ctx);
};
const config = (o: ConvertOutcome) => {
  if ('unsupported' in o) throw new Error(`unexpectedly unsupported: ${o.unsupported}`);
  return o.config;
};

describe('inject', () => {
  it('maps props, once delay in seconds, interval repeat and crontab', () => {
    expect(
      config(
        convert('inject', {
          props: [{ p: 'payload' }, { p: 'topic', vt: 'str' }, { p: 'machine', v: 'press-1', vt: 'str' }],
          payload: '42',
          payloadType: 'num',
          topic: 'count',
          once: true,
          onceDelay: '2.5',
          repeat: '0.5',
        }),
      ),
    ).toEqual({
      payloadType: 'number',
      payload: '42',
      topic: 'count',
      props: [{ property: 'machine', valueType: 'string', value: 'press-1' }],
      once: true,
      onceDelayMs: 2500,
      repeat: 'interval',
      intervalMs: 500,
    });
    expect(config(convert('inject', { crontab: '*/5 * * * *', repeat: '10', payloadType: 'date' }))).toMatchObject({
      repeat: 'cron',
      cron: '*/5 * * * *',
      payloadType: 'timestamp',
      payload: '',
    });
  });

  it('sends no payload when payload is not among the props, and refuses context or JSONata payloads', () => {
    expect(config(convert('inject', { props: [{ p: 'topic', vt: 'str' }], topic: 't' }))).toMatchObject({
      payloadType: 'empty',
      topic: 't',
    });
    expect(convert('inject', { payloadType: 'flow', payload: 'x' })).toEqual({
      unsupported: 'inject payload of type "flow" has no Millwright equivalent',
    });
  });
});

describe('debug', () => {
  it.each([
    [{ complete: 'true' }, 'complete'],
    [{ complete: 'false' }, 'payload'],
    [{ complete: 'payload.temp', targetType: 'msg' }, 'payload.temp'],
    [{ complete: 'x', targetType: 'full' }, 'complete'],
    [{ complete: 'msg.topic' }, 'topic'],
  ])('%j shows %s', (fields, property) => {
    expect(config(convert('debug', fields))['property']).toBe(property);
  });

  it('is inactive when off or not sent to the sidebar', () => {
    expect(config(convert('debug', { active: false }))['active']).toBe(false);
    expect(config(convert('debug', { active: true, tosidebar: false, console: true }))).toMatchObject({
      active: false,
      toConsole: true,
    });
  });
});

describe('function', () => {
  it('keeps code, outputs, setup and close code, and turns the timeout into both limits', () => {
    const o = convert('function', {
      func: 'return [msg, null];',
      outputs: 2,
      initialize: 'a',
      finalize: 'b',
      timeout: 3,
    });
    expect(config(o)).toEqual({
      code: 'return [msg, null];',
      outputs: 2,
      initCode: 'a',
      finalizeCode: 'b',
      timeoutMs: 3000,
      asyncTimeoutMs: 3000,
    });
  });

  it('rewrites msg._msgid and warns about APIs the sandbox lacks', () => {
    const o = convert('function', {
      func: "const id = msg._msgid;\nconst b = Buffer.from('x');\nconst fs = require('fs');\nRED.util.cloneMessage(msg);",
      libs: [{ var: 'moment', module: 'moment' }],
    });
    expect(config(o)['code']).toContain('const id = msg.id;');
    expect('warnings' in o && o.warnings).toEqual([
      'code: msg._msgid rewritten to msg.id',
      'code: `RED.*` (Node-RED runtime API) is not available in the sandbox',
      'code: `require()` is not available in the sandbox',
      'code: `Buffer` is not available in the sandbox; binary payloads arrive as Uint8Array',
      'external modules (moment) are not available in the sandbox',
    ]);
  });

  it('reports node.linkcall(), which a link-call node replaces', () => {
    const o = convert('function', { func: "return await node.linkcall('subroutine-1', msg, { timeout: 1000 });" });
    expect('warnings' in o && o.warnings).toEqual([
      'code: `node.linkcall()` is not available in the sandbox; wire a link-call node instead',
    ]);
  });
});

describe('change', () => {
  it('maps msg rules one to one', () => {
    expect(
      config(
        convert('change', {
          rules: [
            { t: 'set', p: 'payload', pt: 'msg', to: '5', tot: 'num' },
            { t: 'set', p: 'at', pt: 'msg', to: '', tot: 'date' },
            { t: 'change', p: 'topic', pt: 'msg', from: 'a.b', fromt: 're', to: 'c', tot: 'str' },
            { t: 'delete', p: 'x', pt: 'msg' },
            { t: 'move', p: 'y', pt: 'msg', to: 'z', tot: 'msg' },
          ],
        }),
      ),
    ).toEqual({
      rules: [
        { action: 'set', property: 'payload', valueType: 'number', value: '5' },
        { action: 'set', property: 'at', valueType: 'timestamp', value: '' },
        { action: 'change', property: 'topic', search: 'a.b', searchType: 'regex', replace: 'c' },
        { action: 'delete', property: 'x' },
        { action: 'move', property: 'y', to: 'z' },
      ],
    });
  });

  it('turns rules on flow or global context into an equivalent function node', () => {
    const o = convert('change', {
      rules: [
        { t: 'set', p: 'last', pt: 'flow', to: 'payload', tot: 'msg' },
        { t: 'move', p: 'payload', pt: 'msg', to: 'stash.value', tot: 'global' },
      ],
    });
    expect('type' in o && o.type).toBe('function');
    expect(config(o)['code']).toContain('__ctxSet(flow, "last", __get(msg, "payload"));');
  });

  it('keeps JSONata values and context set/delete rules on the change node; refuses the pre-0.16 format', () => {
    expect(
      config(
        convert('change', {
          rules: [
            { t: 'set', p: 'payload', to: ' $now() ', tot: 'jsonata' },
            { t: 'set', p: 'count', pt: 'flow', to: '$flowContext("count")+1', tot: 'jsonata' },
            { t: 'delete', p: '#:(file)::old', pt: 'global' },
          ],
        }),
      ),
    ).toEqual({
      rules: [
        { action: 'set', property: 'payload', valueType: 'jsonata', value: '$now()' },
        { action: 'set', scope: 'flow', property: 'count', valueType: 'jsonata', value: '$flowContext("count")+1' },
        { action: 'delete', scope: 'global', property: 'old' },
      ],
    });
    // Moving into context still goes through a function node, which has no JSONata.
    expect(
      convert('change', {
        rules: [
          { t: 'set', p: 'payload', to: 'x', tot: 'jsonata' },
          { t: 'move', p: 'payload', to: 'saved', tot: 'flow' },
        ],
      }),
    ).toEqual({ unsupported: 'rule 1: value type "jsonata" (JSONata expression) has no Millwright equivalent' });
    expect(convert('change', { action: 'replace' })).toHaveProperty('unsupported');
  });
});

describe('switch', () => {
  it('maps operators, operand types, between, regex case and check-all', () => {
    expect(
      config(
        convert('switch', {
          property: 'payload.temp',
          propertyType: 'msg',
          rules: [
            { t: 'gte', v: 'limit', vt: 'flow' },
            { t: 'btwn', v: '1', vt: 'num', v2: '5', v2t: 'num' },
            { t: 'regex', v: '^a', vt: 'str', case: true },
            { t: 'cont', v: 'x', vt: 'str' },
            { t: 'istype', v: 'buffer', vt: 'buffer' },
            { t: 'nempty' },
            { t: 'else' },
          ],
          checkall: 'false',
        }),
      ),
    ).toEqual({
      property: 'payload.temp',
      checkAll: false,
      rules: [
        { op: '>=', valueType: 'flow', value: 'limit' },
        { op: 'between', valueType: 'number', value: '1', value2: '5', value2Type: 'number' },
        { op: 'regex', value: '^a', caseInsensitive: true },
        { op: 'contains', valueType: 'string', value: 'x' },
        { op: 'istype', value: 'buffer' },
        { op: 'nempty' },
        { op: 'else' },
      ],
    });
  });

  it('converts JSONata rules, operands and tested values, and context values', () => {
    expect(
      config(
        convert('switch', {
          property: '(payload % 2) = 0',
          propertyType: 'jsonata',
          rules: [
            { t: 'jsonata_exp', v: 'payload > 1', vt: 'jsonata' },
            { t: 'eq', v: '$x', vt: 'jsonata' },
          ],
        }),
      ),
    ).toEqual({
      propertyType: 'jsonata',
      expression: '(payload % 2) = 0',
      rules: [
        { op: 'jsonata', value: 'payload > 1' },
        { op: '==', valueType: 'jsonata', value: '$x' },
      ],
      checkAll: true,
    });
    expect(config(convert('switch', { rules: [{ t: 'else' }], repair: true }))).toMatchObject({ repair: true });
    expect(config(convert('switch', { property: 'state', propertyType: 'flow', rules: [] }))).toEqual({
      propertyType: 'flow',
      property: 'state',
      rules: [],
      checkAll: true,
    });
  });

  it('refuses sequence rules, previous-value operands and other tested types', () => {
    expect(convert('switch', { rules: [{ t: 'head', v: '3' }] })).toEqual({
      unsupported: 'rule 1: "head" (sequence position test) is not supported',
    });
    expect(convert('switch', { rules: [{ t: 'eq', v: '', vt: 'prev' }] })).toEqual({
      unsupported: 'rule 1: value type "prev" (previous value) has no Millwright equivalent',
    });
    expect(convert('switch', { propertyType: 'env', property: 'X', rules: [] })).toHaveProperty('unsupported');
  });
});

describe('delay, split and join', () => {
  it('converts units and modes', () => {
    expect(config(convert('delay', { pauseType: 'delay', timeout: '1.5', timeoutUnits: 'minutes' }))).toEqual({
      mode: 'delay',
      delayType: 'fixed',
      delayMs: 90_000,
    });
    expect(
      config(convert('delay', { pauseType: 'rate', rate: '10', nbRateUnits: '2', rateUnits: 'minute', drop: true })),
    ).toEqual({
      mode: 'rate',
      rate: 10,
      periodMs: 120_000,
      rateAction: 'drop',
    });
    expect(config(convert('delay', { pauseType: 'timed', rate: '1', nbRateUnits: '2', rateUnits: 'second' }))).toEqual({
      mode: 'topic',
      topicRelease: 'all',
      rate: 1,
      periodMs: 2_000,
    });
    expect(config(convert('delay', { pauseType: 'queue', rate: '2' }))).toMatchObject({
      mode: 'topic',
      topicRelease: 'one',
    });
    expect(convert('delay', { pauseType: 'other' })).toEqual({ unsupported: 'pause type "other" is not supported' });
    expect(config(convert('delay', { pauseType: 'delayv', timeout: '5', timeoutUnits: 'seconds' }))).toEqual({
      mode: 'delay',
      delayType: 'message',
      delayMs: 5_000,
    });
  });

  it('splits at a delimiter with the key property, or in fixed lengths; refuses binary delimiters', () => {
    expect(config(convert('split', { splt: '\\n', spltType: 'str', arraySplt: 2, addname: 'topic' }))).toEqual({
      property: 'payload',
      delimiter: '\\n',
      arrayChunk: 2,
      keyProperty: 'topic',
    });
    expect(config(convert('split', { spltType: 'len', splt: '4' }))).toMatchObject({ stringChunk: 4, bufferChunk: 4 });
    expect(convert('split', { spltType: 'bin', splt: '[1]' })).toEqual({
      unsupported: 'splitting at a binary delimiter',
    });
  });

  it('joins automatically or by count and timeout; a join waiting only for msg.complete gets the longest timer', () => {
    expect(config(convert('join', { mode: 'auto', timeout: '' }))).toEqual({ mode: 'auto', timeoutMs: 0 });
    expect(
      config(convert('join', { mode: 'custom', build: 'string', joiner: ',', count: '4', timeout: '2' })),
    ).toMatchObject({
      mode: 'manual',
      build: 'string',
      joiner: ',',
      count: 4,
      timeoutMs: 2000,
    });
    expect(config(convert('join', { mode: 'custom', build: 'array', count: '', timeout: '' }))['timeoutMs']).toBe(
      2_147_483_647,
    );
    expect(
      config(
        convert('join', {
          mode: 'reduce',
          reduceExp: '$A+payload',
          reduceInit: '0',
          reduceInitType: 'num',
          reduceFixup: '$A/$N',
          reduceRight: true,
        }),
      ),
    ).toEqual({
      mode: 'reduce',
      reduceExpression: '$A+payload',
      reduceInit: '0',
      reduceInitType: 'number',
      reduceFixup: '$A/$N',
      reduceRight: true,
    });
    expect(convert('join', { mode: 'reduce', reduceExp: '$A', reduceInitType: 'bin' })).toHaveProperty('unsupported');
    expect(config(convert('join', { mode: 'custom', build: 'merged', count: '2' }))).toMatchObject({
      mode: 'manual',
      build: 'merged',
      count: 2,
    });
  });
});

describe('catch, status and links', () => {
  it('maps scopes: all, a node list, and the group of the catch node', () => {
    expect(config(convert('catch', { scope: null, uncaught: true }))).toEqual({
      scope: 'all',
      nodes: [],
      uncaughtOnly: true,
    });
    expect(config(convert('status', { scope: ['in1', 'ghost'] }))).toEqual({ scope: 'selected', nodes: ['in1'] });
    expect(config(convert('catch', { scope: 'group', g: 'g1' }))).toMatchObject({
      scope: 'selected',
      nodes: ['a', 'b'],
    });
    expect(convert('catch', { scope: 'group' })).toHaveProperty('unsupported');
  });

  it('keeps link targets that are link in nodes, and return mode', () => {
    const o = convert('link out', { mode: 'link', links: ['in1', 'nope'] });
    expect(config(o)).toEqual({ mode: 'link', links: ['in1'] });
    expect('warnings' in o && o.warnings).toEqual(['link target "nope" is not a link in node of this export; removed']);
    expect(config(convert('link out', { mode: 'return', links: [] }))).toEqual({ mode: 'return', links: [] });
  });

  it('converts link call: fixed target of the same tab, or msg.target; timeout in seconds', () => {
    expect(config(convert('link call', { links: ['in1'], timeout: '5' }))).toEqual({
      linkType: 'static',
      links: ['in1'],
      timeoutMs: 5000,
    });
    expect(config(convert('link call', { links: ['in1'], timeout: '' }))).toMatchObject({ timeoutMs: 30_000 });
    const dynamic = convert('link call', { links: ['in1'], linkType: 'dynamic', timeout: '0.5' });
    expect(config(dynamic)).toEqual({ linkType: 'dynamic', links: [], timeoutMs: 500 });
    expect('warnings' in dynamic && dynamic.warnings?.[0]).toMatch(/this flow only/);
    expect(convert('link call', { links: ['nope'] })).toEqual({
      unsupported: 'link call without a link in node of this export to call',
    });
    const otherTab = convert('link call', { links: ['in1'], z: 'other' });
    expect('unsupported' in otherTab && otherTab.unsupported).toMatch(/^link call into another tab/);
  });
});

describe('mqtt and http', () => {
  it('builds the broker URL from host, port and TLS, or keeps a URL', () => {
    expect(
      config(
        convert('mqtt-broker', {
          broker: 'broker.local',
          port: '8883',
          usetls: true,
          protocolVersion: '5',
          clientid: 'line 1',
          cleansession: false,
          keepalive: '15',
        }),
      ),
    ).toEqual({
      url: 'mqtts://broker.local:8883',
      protocol: '5',
      clientId: 'line1',
      cleanSession: false,
      keepaliveSec: 15,
    });
    expect(config(convert('mqtt-broker', { broker: 'ws://10.0.0.5:9001/mqtt' }))['url']).toBe(
      'ws://10.0.0.5:9001/mqtt',
    );
  });

  it('maps mqtt in data types and mqtt out topics', () => {
    expect(config(convert('mqtt in', { broker: 'b', topic: 'a/#', qos: '2', datatype: 'json' }))).toEqual({
      broker: 'b',
      topic: 'a/#',
      qos: 2,
      payloadFormat: 'json',
      noLocal: false,
    });
    expect(convert('mqtt in', { broker: 'b', inputs: 1 })).toHaveProperty('unsupported');
    expect(config(convert('mqtt out', { broker: 'b', topic: '', qos: '1', retain: 'true' }))).toEqual({
      broker: 'b',
      topicSource: 'message',
      topic: '',
      qos: 1,
      retain: true,
    });
  });

  it('maps http request method, response type, headers and auth', () => {
    const o = convert('http request', {
      method: 'PUT',
      url: 'http://erp/api/orders/{{{payload.order}}}',
      ret: 'obj',
      senderr: true,
      authType: 'bearer',
      headers: [
        { keyType: 'Content-Type', keyValue: '', valueType: 'application/json', valueValue: '' },
        { keyType: 'other', keyValue: 'x-line', valueType: 'other', valueValue: 'line-1' },
        { keyType: 'other', keyValue: 'x-dyn', valueType: 'msg', valueValue: 'topic' },
      ],
    });
    expect(config(o)).toEqual({
      method: 'PUT',
      url: 'http://erp/api/orders/{{{payload.order}}}',
      headers: [
        { name: 'Content-Type', value: 'application/json' },
        { name: 'x-line', value: 'line-1' },
      ],
      responseType: 'json',
      errorOnStatus: true,
      auth: 'bearer',
    });
    expect(convert('http request', { method: 'use' })).toHaveProperty('unsupported');
    expect(convert('http request', { method: 'GET', authType: 'digest' })).toHaveProperty('unsupported');
  });
});

describe('template', () => {
  it('warns that an HTML fragment not starting with a tag is not served as text/html', () => {
    const fragment = convert('template', { format: 'html', template: 'Shift <b>{{payload}}</b>', output: 'str' });
    expect('warnings' in fragment && fragment.warnings).toEqual([
      'an HTML fragment that does not start with a tag is answered as text/plain by http-response: set a content-type header there (Node-RED: text/html)',
    ]);
    const page = convert('template', { format: 'html', template: '<!DOCTYPE html><p>{{payload}}</p>', output: 'str' });
    expect('warnings' in page).toBe(false);
  });
});

describe('http in and http response', () => {
  it('moves the endpoint below /http and keeps method and path', () => {
    const o = convert('http in', { method: 'post', url: '/api/orders/:id', upload: true });
    expect(config(o)).toEqual({ method: 'POST', path: '/api/orders/:id' });
    expect('warnings' in o && o.warnings).toEqual([
      'the endpoint is served at /http/api/orders/:id on the runtime (Node-RED served it at /api/orders/:id)',
      'multipart file uploads are not parsed; the body arrives as bytes',
    ]);
  });

  it('turns the header object into rows and leaves an empty status to msg.statusCode or 200', () => {
    expect(config(convert('http response', { statusCode: '', headers: { 'x-line': 'l1' } }))).toEqual({
      headers: [{ name: 'x-line', value: 'l1' }],
    });
    expect(config(convert('http response', { statusCode: '201', headers: {} }))).toEqual({
      statusCode: 201,
      headers: [],
    });
  });

  it("says where the node's status code and headers lose to the message's, unlike in Node-RED", () => {
    const o = convert('http response', { statusCode: '201', headers: { 'x-line': 'l1' } });
    expect('warnings' in o && o.warnings).toEqual([
      "msg.statusCode, when set, wins over the configured 201 (Node-RED: the node's wins)",
      "msg.headers win over the configured headers (Node-RED: the node's win)",
    ]);
    expect('warnings' in convert('http response', { statusCode: '', headers: {} })).toBe(false);
  });

  it('warns only about request and response fields Millwright messages do not carry', () => {
    const fine = convert('function', {
      func: 'msg.payload = msg.req.params.id + msg.req.query.x + msg.req.cookies.shift; msg.res.id; return msg;',
    });
    expect('warnings' in fine && fine.warnings).toEqual([]);
    const odd = convert('function', { func: 'msg.res.send(200); return msg.req.get("x");' });
    expect('warnings' in odd && odd.warnings).toHaveLength(2);
  });
});
