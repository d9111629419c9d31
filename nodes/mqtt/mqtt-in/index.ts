import { defineNode } from '@millwright/sdk';
import { mqttInConfig } from './config.js';

/** Receives MQTT messages on a topic filter. */
export default defineNode({
  type: 'mqtt-in',
  category: 'network',
  version: 1,
  label: 'mqtt in',
  description:
    'Subscribes to an MQTT topic filter (wildcards + and #) at QoS 0, 1 or 2 and sends each message, with the payload parsed as JSON, text or bytes.',
  inputs: 0,
  outputs: ['messages'],
  icon: 'rss',
  config: mqttInConfig,
  async setup(ctx) {
    const { createMqttIn } = await import('./mqtt-in.js');
    return createMqttIn(ctx);
  },
});
