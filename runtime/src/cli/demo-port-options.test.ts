import { describe, expect, it } from 'vitest';
import { UsageError } from './command.js';
import { demoPortOptions, startCommand } from './commands/start.js';

describe('--demo-*-port and MILLWRIGHT_DEMO_*_PORT', () => {
  it('take the flag over the variable, and leave unset services to the defaults', () => {
    const env = { MILLWRIGHT_DEMO_OPCUA_PORT: '14840', MILLWRIGHT_DEMO_MQTT_PORT: '11883' };
    expect(demoPortOptions({ 'demo-opcua-port': '24840' }, env)).toEqual({ opcua: 24840, mqtt: 11883 });
    expect(demoPortOptions({ 'demo-erp-port': '0' }, {})).toEqual({ erp: 0 });
    expect(demoPortOptions({}, {})).toEqual({});
    expect(demoPortOptions({}, { MILLWRIGHT_DEMO_ERP_PORT: '' })).toEqual({});
  });

  it('reject a value that is not a port, naming the flag or variable', () => {
    expect(() => demoPortOptions({ 'demo-mqtt-port': 'x' }, {})).toThrow(UsageError);
    expect(() => demoPortOptions({ 'demo-mqtt-port': 'x' }, {})).toThrow('--demo-mqtt-port must be a port');
    expect(() => demoPortOptions({}, { MILLWRIGHT_DEMO_ERP_PORT: '70000' })).toThrow(
      'MILLWRIGHT_DEMO_ERP_PORT must be a port',
    );
  });

  it('are documented in the help text of start', () => {
    for (const text of [
      '--demo-opcua-port <n>',
      '--demo-mqtt-port <n>',
      '--demo-erp-port <n>',
      '--demo-plm-port <n>',
      '--demo-qms-port <n>',
      '--demo-modbus-port <n>',
      'MILLWRIGHT_DEMO_OPCUA_PORT',
      'MILLWRIGHT_DEMO_MQTT_PORT',
      'MILLWRIGHT_DEMO_ERP_PORT',
      'MILLWRIGHT_DEMO_PLM_PORT',
      'MILLWRIGHT_DEMO_QMS_PORT',
      'MILLWRIGHT_DEMO_MODBUS_PORT',
    ])
      expect(startCommand.usage).toContain(text);
  });
});
