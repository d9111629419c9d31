import { describe, expect, it } from 'vitest';
import { convertNodeRedFlows } from './convert-flows.js';

// A Node-RED subflow with every kind of env property, a direct in -> out wire, a status port, a
// node whose property is a whole `${NAME}` reference, and instances with and without env.
const EXPORT = [
  {
    id: 'sf',
    type: 'subflow',
    name: 'relay',
    info: 'Passes messages on.',
    category: '',
    color: '#A6BBCF',
    in: [{ x: 50, y: 30, wires: [{ id: 'sf-change' }] }],
    out: [
      { x: 300, y: 30, wires: [{ id: 'sf-change', port: 0 }] },
      { x: 300, y: 90, wires: [{ id: 'sf', port: 0 }] },
    ],
    status: { x: 300, y: 150, wires: [{ id: 'sf-change', port: 0 }] },
    env: [
      { name: 'TOPIC', type: 'str', value: 'line/1' },
      { name: 'LIMIT', type: 'num', value: '5' },
      { name: 'ON', type: 'bool', value: 'true' },
      { name: 'OPTS', type: 'json', value: '{"a":1}' },
      { name: 'HOST', type: 'env', value: 'PLC_HOST' },
      { name: 'SECRET', type: 'cred' },
    ],
  },
  {
    id: 'sf-change',
    type: 'change',
    z: 'sf',
    name: '',
    rules: [{ t: 'set', p: 'topic', pt: 'msg', to: '${TOPIC}', tot: 'str' }],
    x: 160,
    y: 30,
    wires: [[]],
  },
  { id: 'tab', type: 'tab', label: 'Main' },
  { id: 'i1', type: 'subflow:sf', z: 'tab', name: '', x: 200, y: 40, wires: [['d1'], []] },
  {
    id: 'i2',
    type: 'subflow:sf',
    z: 'tab',
    env: [
      { name: 'LIMIT', type: 'num', value: '9' },
      { name: 'NOPE', type: 'str', value: 'x' },
    ],
    x: 200,
    y: 120,
    wires: [[], ['d1']],
  },
  { id: 'd1', type: 'debug', z: 'tab', complete: 'payload', x: 400, y: 80, wires: [] },
];

describe('Node-RED subflows', () => {
  const { flows, report } = convertNodeRedFlows(EXPORT);
  const def = flows.find((f) => f.id === 'sf');
  const main = flows.find((f) => f.id === 'tab');

  it('become definitions with typed parameters (cred: a string without default, with a warning)', () => {
    expect(def?.subflow).toEqual({
      params: [
        { name: 'TOPIC', type: 'string', default: 'line/1' },
        { name: 'LIMIT', type: 'number', default: 5 },
        { name: 'ON', type: 'boolean', default: true },
        { name: 'OPTS', type: 'json', default: { a: 1 } },
        { name: 'HOST', type: 'string', default: '${env.PLC_HOST}' },
        { name: 'SECRET', type: 'string' },
      ],
      color: '#A6BBCF',
    });
    expect(def?.name).toBe('relay');
    expect(report.warnings.map((w) => w.message)).toContain(
      'parameter "SECRET": credential properties are not converted; set its value on each instance',
    );
  });

  it('get port nodes wired as the subflow says, a straight in -> out included', () => {
    const types = new Map(def?.nodes.map((n) => [n.id, n.type]));
    const route = (def?.wires ?? []).map((w) => `${types.get(w.from.node)}>${types.get(w.to.node)}`).sort();
    expect(route).toEqual([
      'change>subflow-out',
      'change>subflow-status',
      'subflow-in>change',
      'subflow-in>subflow-out',
    ]);
    expect(def?.nodes.filter((n) => n.type === 'subflow-out').map((n) => n.config['port'])).toEqual([0, 1]);
  });

  it('read a whole ${NAME} property as ${env.NAME}', () => {
    const change = def?.nodes.find((n) => n.type === 'change');
    expect(JSON.stringify(change?.config)).toContain('"${env.TOPIC}"');
  });

  it('turn instances into subflow:<id> nodes with their own values, unknown names left out with a warning', () => {
    expect(main?.nodes.filter((n) => n.type === 'subflow:sf').map((n) => [n.id, n.config])).toEqual([
      ['i1', {}],
      ['i2', { LIMIT: 9 }],
    ]);
    expect(main?.wires.map((w) => `${w.from.node}:${w.from.port}>${w.to.node}`)).toEqual(['i1:0>d1', 'i2:1>d1']);
    expect(report.warnings.map((w) => `${w.id}: ${w.message}`)).toContain(
      'i2: env "NOPE" is not a property of the subflow; left out',
    );
    expect(report.placeholders).toEqual([]);
  });
});
