import { describe, expect, it } from 'vitest';
import {
  formatOpcuaNodeId,
  opcuaNodeIdProblem,
  parseOpcuaNodeId,
  toNamespaceIndexNodeId,
  toNamespaceUriNodeId,
} from './opcua-node-id.js';

describe('parseOpcuaNodeId', () => {
  it('reads every identifier type with no prefix, ns= and nsu=', () => {
    expect(parseOpcuaNodeId('i=85')).toEqual({
      ok: true,
      nodeId: { namespace: { index: 0 }, type: 'i', identifier: '85' },
    });
    expect(parseOpcuaNodeId('ns=1;s=Line1.Machine1.Temperature')).toEqual({
      ok: true,
      nodeId: { namespace: { index: 1 }, type: 's', identifier: 'Line1.Machine1.Temperature' },
    });
    expect(parseOpcuaNodeId('nsu=urn:millwright:sim-plc;s=a;b=c')).toEqual({
      ok: true,
      nodeId: { namespace: { uri: 'urn:millwright:sim-plc' }, type: 's', identifier: 'a;b=c' },
    });
    expect(parseOpcuaNodeId('ns=65535;g=72962B91-FA75-4AE6-8D28-B404DC7DAF63').ok).toBe(true);
    expect(parseOpcuaNodeId('nsu=http://x.org/UA/;b=M/RbKBsRVkePCePcx24oRA==').ok).toBe(true);
    expect(parseOpcuaNodeId('b=AQID').ok).toBe(true);
    expect(parseOpcuaNodeId('i=4294967295').ok).toBe(true);
    expect(parseOpcuaNodeId(' ns=1;i=1 ').ok).toBe(true);
  });

  it('names what is wrong in a malformed NodeId', () => {
    const cases: Array<[string, RegExp]> = [
      ['ns=2;x=foo', /"x=" is not an identifier type/],
      ['ns=abc;i=1', /namespace index "abc" is not a number/],
      ['ns=70000;i=1', /namespace index "70000"/],
      ['ns=1', /must be followed by ";"/],
      ['i=notnumber', /numeric identifier "notnumber"/],
      ['i=-1', /numeric identifier "-1"/],
      ['i=4294967296', /numeric identifier/],
      ['g=1234', /"1234" is not a GUID/],
      ['g=72962b91-fa75-4ae6-8d28-b404dc7daf6z', /is not a GUID/],
      ['b=abc', /"abc" is not base64/],
      ['b=ab!=', /is not base64/],
      ['b=', /is not base64/],
      ['s=', /string identifier after "s=" is empty/],
      ['nsu=;i=1', /namespace URI after "nsu=" is empty/],
      ['nsu=urn:x', /must be followed by ";"/],
      ['Line1.Temperature', /has no identifier type/],
      ['', /required/],
    ];
    for (const [text, problem] of cases) expect(opcuaNodeIdProblem(text), text).toMatch(problem);
  });
});

describe('namespace forms', () => {
  const ns = ['http://opcfoundation.org/UA/', 'urn:millwright:sim-plc', 'urn:other'];

  it('writes nsu= for a namespace the server names and keeps ns=0 and unknown indexes', () => {
    expect(toNamespaceUriNodeId('ns=1;s=Line1.Temperature', ns)).toBe('nsu=urn:millwright:sim-plc;s=Line1.Temperature');
    expect(toNamespaceUriNodeId('ns=2;i=7', ns)).toBe('nsu=urn:other;i=7');
    expect(toNamespaceUriNodeId('i=85', ns)).toBe('i=85');
    expect(toNamespaceUriNodeId('ns=9;i=1', ns)).toBe('ns=9;i=1');
  });

  it('turns nsu= back into the index of this server and refuses a URI it does not have', () => {
    expect(toNamespaceIndexNodeId('nsu=urn:other;g=72962b91-fa75-4ae6-8d28-b404dc7daf63', ns)).toBe(
      'ns=2;g=72962b91-fa75-4ae6-8d28-b404dc7daf63',
    );
    expect(toNamespaceIndexNodeId('ns=1;s=x', ns)).toBe('ns=1;s=x');
    expect(() => toNamespaceIndexNodeId('nsu=urn:missing;i=1', ns)).toThrow(/no namespace "urn:missing"/);
    expect(formatOpcuaNodeId({ namespace: { index: 0 }, type: 'i', identifier: '2258' })).toBe('i=2258');
  });
});
