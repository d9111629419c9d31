import { defineNode } from '@millwright/sdk';
import { mqttOutConfig } from './config.js';

/** Publishes messages to an MQTT broker. */
export default defineNode({
  type: 'mqtt-out',
  category: 'network',
  version: 1,
  label: 'mqtt out',
  description:
    'Publishes msg.payload (bytes, text, or JSON for anything else) at QoS 0, 1 or 2, optionally retained, to a fixed topic, msg.topic, or an ISA-95 Unified Namespace topic (enterprise/site/area/line/cell).',
  inputs: 1,
  outputs: [],
  icon: 'send',
  config: mqttOutConfig,
  async setup(ctx) {
    const { createMqttOut } = await import('./mqtt-out.js');
    return createMqttOut(ctx);
  },
});
