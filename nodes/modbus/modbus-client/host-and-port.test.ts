import { NodeRegistry } from '@millwright/sdk';
import { describe, expect, it } from 'vitest';
import modbusClient from './index.js';
import { hostAndPort } from './modbus-connection.js';

describe('modbus-client host field', () => {
  it('takes a port written after the host, so one ${env.X} can name both', () => {
    expect(hostAndPort('plc-7', 502)).toEqual({ host: 'plc-7', port: 502 });
    expect(hostAndPort('127.0.0.1:5020', 502)).toEqual({ host: '127.0.0.1', port: 5020 });
    expect(hostAndPort('[fd00::5]:1502', 502)).toEqual({ host: 'fd00::5', port: 1502 });
    expect(hostAndPort('[fd00::5]', 502)).toEqual({ host: 'fd00::5', port: 502 });
    expect(hostAndPort('fd00::5', 502)).toEqual({ host: 'fd00::5', port: 502 }); // bare IPv6: no port in it
  });

  it('refuses a port out of range in the host field', () => {
    const info = new NodeRegistry([modbusClient]).get('modbus-client');
    expect(info?.validateConfig({ host: 'plc:70000' })).toMatchObject([{ path: ['host'] }]);
    expect(info?.validateConfig({ host: 'plc:502' })).toEqual([]);
  });
});
