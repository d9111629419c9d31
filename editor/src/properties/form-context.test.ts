import { describe, expect, it } from 'vitest';
import { humanize, indexIssues } from './form-context.js';

describe('form helpers', () => {
  it('labels config keys for humans', () => {
    expect(humanize('timeoutMs')).toBe('Timeout ms');
    expect(humanize('payload_type')).toBe('Payload type');
    expect(humanize('URL')).toBe('URL');
    expect(humanize('usl')).toBe('USL');
    expect(humanize('lsl')).toBe('LSL');
    expect(humanize('endpointUrl')).toBe('Endpoint URL');
    expect(humanize('nodeId')).toBe('Node ID');
    expect(humanize('qos')).toBe('QoS');
    expect(humanize('opcuaEndpoint')).toBe('OPC UA endpoint');
    expect(humanize('HTTPMethod')).toBe('HTTP method');
  });

  it('indexes issues by path without duplicates', () => {
    const map = indexIssues([
      { path: ['a', 0, 'b'], message: 'x' },
      { path: ['a', 0, 'b'], message: 'x' },
      { path: ['a', 0, 'b'], message: 'y' },
    ]);
    expect([...map]).toEqual([['a.0.b', ['x', 'y']]]);
  });
});
