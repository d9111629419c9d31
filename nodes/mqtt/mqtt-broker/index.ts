import { defineNode, reportConnectionStatus } from '@millwright/sdk';
import { mqttBrokerConfig, mqttBrokerCredentials } from './config.js';

/** A connection to one MQTT broker, shared by the MQTT nodes of a flow. */
export default defineNode({
  type: 'mqtt-broker',
  category: 'config',
  version: 1,
  label: 'MQTT broker',
  description:
    'Connection to an MQTT broker: URL, client id, MQTT 3.1.1 or 5, TLS, user name and password, persistent session. Reconnects by itself; QoS 1/2 messages wait for the broker to come back.',
  isConfig: true,
  inputs: 0,
  outputs: [],
  config: mqttBrokerConfig,
  credentials: mqttBrokerCredentials,
  async setup(ctx) {
    const { MqttConnection } = await import('./mqtt-connection.js');
    const connection = new MqttConnection(ctx.config, ctx.credentials, ctx.log, `${ctx.flowId}/${ctx.id}`);
    await connection.start();
    // From here on the runtime's health follows the connection, until close() reports it closed.
    connection.onStatus((s) => reportConnectionStatus(ctx, connection.url, s, ctx.config.required));
    return { api: connection, close: () => connection.close() };
  },
});
