import { z } from 'zod';

/** Config of an MQTT broker connection, shared by the mqtt-* and sparkplug-* nodes that reference it. */
export const mqttBrokerConfig = z
  .object({
    url: z
      .string()
      .regex(/^(mqtts?|wss?):\/\/[^\s/]+/, 'must look like mqtt://host:port (or mqtts://, ws://, wss://)')
      .meta({ description: 'Broker URL; `mqtts://` and `wss://` use TLS.', examples: ['mqtt://127.0.0.1:1883'] }),
    protocol: z.enum(['3.1.1', '5']).default('3.1.1').meta({ description: 'MQTT protocol version.' }),
    clientId: z
      .string()
      .max(128)
      .regex(/^[\x21-\x7e]*$/, 'printable ASCII without spaces')
      .default('')
      .meta({
        description:
          'Client id. Empty: with a persistent session, one derived from the flow and this node (the same at every start); with a clean session, a random one.',
      }),
    cleanSession: z.boolean().default(false).meta({
      description:
        'Start a new session on each connect. Off (the default), the broker keeps the subscriptions and the QoS 1/2 messages not yet acknowledged while the runtime is away, and sends them when it is back: with ack after take, nothing received is lost in a crash.',
    }),
    sessionExpirySec: z
      .number()
      .int()
      .min(0)
      .max(4_294_967_295)
      .default(3_600)
      .meta({
        description: 'MQTT 5: how long the broker keeps a persistent session after a disconnect.',
        showWhen: { protocol: ['5'], cleanSession: [false] },
      }),
    keepaliveSec: z
      .number()
      .int()
      .min(0)
      .max(65_535)
      .default(30)
      .meta({ description: 'Keep-alive interval.', advanced: true }),
    reconnectPeriodMs: z
      .number()
      .int()
      .min(100)
      .default(1_000)
      .meta({ description: 'Wait between reconnection attempts.', advanced: true }),
    connectTimeoutMs: z.number().int().min(100).default(10_000).meta({ advanced: true }),
    username: z.string().default('').meta({ description: 'User name; the password is a credential.' }),
    tls: z
      .object({
        caFile: z
          .string()
          .default('')
          .meta({ description: 'PEM file of the CA that signed the broker certificate; empty: system CAs.' }),
        certFile: z.string().default('').meta({ description: 'Client certificate (PEM) for mutual TLS.' }),
        keyFile: z
          .string()
          .default('')
          .meta({ description: 'Client private key (PEM); its passphrase is a credential.' }),
        rejectUnauthorized: z
          .boolean()
          .default(true)
          .meta({ description: 'Refuse brokers whose certificate does not verify.' }),
        servername: z
          .string()
          .default('')
          .meta({ description: 'TLS server name (SNI) if it differs from the URL host.' }),
      })
      .default({ caFile: '', certFile: '', keyFile: '', rejectUnauthorized: true, servername: '' })
      .meta({ description: 'TLS settings, used with mqtts:// and wss:// URLs.', advanced: true }),
    required: z.boolean().default(true).meta({
      description:
        'Health: while this connection is down longer than the grace period (settings `health.connectionGraceMs`), /healthz reports the runtime `degraded`, naming it. Off for a connection the flows can do without.',
      advanced: true,
    }),
  })
  .superRefine((cfg, ctx) => {
    if (!!cfg.tls.certFile !== !!cfg.tls.keyFile)
      ctx.addIssue({
        code: 'custom',
        path: ['tls', cfg.tls.certFile ? 'keyFile' : 'certFile'],
        message: 'client certificate and key go together',
      });
  });

export type MqttBrokerConfig = z.output<typeof mqttBrokerConfig>;

/** Secrets of the broker connection, kept in the encrypted credential store. */
export const mqttBrokerCredentials = z.object({
  password: z.string().optional().meta({ description: 'Password for the user name.', secret: true }),
  keyPassphrase: z.string().optional().meta({ description: 'Passphrase of the TLS client key.', secret: true }),
});

export type MqttBrokerCredentials = z.output<typeof mqttBrokerCredentials>;
