import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { UserError } from '@millwright/model';
import type { IClientOptions } from 'mqtt';
import type { MqttBrokerConfig, MqttBrokerCredentials } from './config.js';

/**
 * mqtt.js options for a broker config: protocol, session, credentials and TLS files (read now,
 * so a wrong path fails the config node at start with `mqtt_tls_file` instead of at each connect).
 */
export async function clientOptions(
  config: MqttBrokerConfig,
  credentials: Partial<MqttBrokerCredentials>,
): Promise<IClientOptions> {
  const v5 = config.protocol === '5';
  const options: IClientOptions = {
    protocolVersion: v5 ? 5 : 4,
    clientId: config.clientId || `millwright_${randomBytes(6).toString('hex')}`,
    clean: config.cleanSession,
    keepalive: config.keepaliveSec,
    reconnectPeriod: config.reconnectPeriodMs,
    connectTimeout: config.connectTimeoutMs,
    resubscribe: true,
    // A refused CONNACK (bad password) is retried too: the broker's user list may be fixed meanwhile.
    reconnectOnConnackError: true,
    // Messages published while offline wait in the client's store and go out after reconnecting.
    queueQoSZero: true,
  };
  // MQTT 5 ends a session at disconnect unless it has an expiry; 3.1.1 brokers keep it until cleaned.
  if (v5 && !config.cleanSession) options.properties = { sessionExpiryInterval: config.sessionExpirySec };
  if (config.username) options.username = config.username;
  if (credentials.password !== undefined) options.password = credentials.password;
  if (/^(mqtts|wss):/.test(config.url)) {
    const tls = config.tls;
    options.rejectUnauthorized = tls.rejectUnauthorized;
    if (tls.servername) options.servername = tls.servername;
    if (tls.caFile) options.ca = await tlsFile(tls.caFile, 'CA');
    if (tls.certFile) options.cert = await tlsFile(tls.certFile, 'client certificate');
    if (tls.keyFile) {
      const pem = await tlsFile(tls.keyFile, 'client key');
      // tls.connect takes an encrypted key as { pem, passphrase }.
      options.key = credentials.keyPassphrase === undefined ? pem : [{ pem, passphrase: credentials.keyPassphrase }];
    }
  }
  return options;
}

async function tlsFile(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    throw new UserError(
      'mqtt_tls_file',
      `cannot read the TLS ${what} file "${path}": ${err instanceof Error ? err.message : String(err)}`,
      err,
    );
  }
}
