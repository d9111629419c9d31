import { readFile } from 'node:fs/promises';
import { createHash, randomBytes } from 'node:crypto';
import { UserError } from '@millwright/model';
import type { IClientOptions } from 'mqtt';
import type { MqttBrokerConfig, MqttBrokerCredentials } from './config.js';

/**
 * Most QoS 1/2 messages the broker sends us (MQTT 5 Receive Maximum) before we acknowledge: the
 * window of messages received but not yet taken by the flows. MQTT 3.1.1 has no such field; the
 * broker's own limit applies (mosquitto: max_inflight_messages, 20 by default).
 */
export const RECEIVE_MAXIMUM = 1_000;

/**
 * mqtt.js options for a broker config: protocol, session, credentials and TLS files (read now,
 * so a wrong path fails the config node at start with `mqtt_tls_file` instead of at each connect).
 *
 * A persistent session without a client id gets one derived from `sessionKey` (flow and config
 * node ids), the same at every start, so the broker hands the session (its subscriptions and the
 * messages not acknowledged) back after a restart. Without a key, a random id.
 */
export async function clientOptions(
  config: MqttBrokerConfig,
  credentials: Partial<MqttBrokerCredentials>,
  sessionKey = '',
): Promise<IClientOptions> {
  const v5 = config.protocol === '5';
  const options: IClientOptions = {
    protocolVersion: v5 ? 5 : 4,
    clientId: config.clientId || defaultClientId(config.cleanSession ? '' : sessionKey),
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
  if (v5)
    options.properties = {
      receiveMaximum: RECEIVE_MAXIMUM,
      ...(config.cleanSession ? {} : { sessionExpiryInterval: config.sessionExpirySec }),
    };
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

/** `millwright_` and 16 hex digits: stable for a session key, random without one (23 characters, the 3.1.1 limit). */
function defaultClientId(sessionKey: string): string {
  const hex = sessionKey
    ? createHash('sha256').update(sessionKey).digest('hex').slice(0, 12)
    : randomBytes(6).toString('hex');
  return `millwright_${hex}`;
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
