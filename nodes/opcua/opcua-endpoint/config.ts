import { z } from 'zod';

export const SECURITY_MODES = ['None', 'Sign', 'SignAndEncrypt'] as const;
export const SECURITY_POLICIES = ['None', 'Basic256Sha256', 'Aes128_Sha256_RsaOaep', 'Aes256_Sha256_RsaPss'] as const;

/** Config of an OPC UA server connection, shared by the opcua-* nodes that reference it. */
export const opcuaEndpointConfig = z
  .object({
    endpointUrl: z
      .string()
      .regex(/^opc\.tcp:\/\/[^\s/]+/, 'must look like opc.tcp://host:port')
      .meta({ description: 'Server endpoint URL.', examples: ['opc.tcp://127.0.0.1:4840'] }),
    securityMode: z
      .enum(SECURITY_MODES)
      .default('None')
      .meta({ description: 'Message security: none, signed, or signed and encrypted.' }),
    securityPolicy: z
      .enum(SECURITY_POLICIES)
      .default('None')
      .meta({ description: 'Security policy; must be `None` exactly when the mode is `None`.' }),
    authentication: z
      .enum(['anonymous', 'username'])
      .default('anonymous')
      .meta({ description: 'Anonymous login, or user name plus the password stored in the credentials.' }),
    username: z
      .string()
      .default('')
      .meta({ description: 'User name; the password is a credential.', showWhen: { authentication: ['username'] } }),
    pkiFolder: z.string().default('').meta({
      description:
        'Certificate folder: the client certificate (own/), trusted server certificates (trusted/certs) and rejected ones (rejected/) to move to trusted/. Empty: `pki/opcua` in the runtime data folder (a temp folder when the runtime keeps no files).',
      advanced: true,
    }),
    trustUnknownServerCertificates: z.boolean().default(false).meta({
      description: 'Accept server certificates that are not in the trusted folder (only for tests and commissioning).',
      advanced: true,
    }),
    sessionTimeoutMs: z
      .number()
      .int()
      .min(1_000)
      .default(60_000)
      .meta({ description: 'Requested session timeout.', advanced: true }),
    reconnectMaxDelayMs: z.number().int().min(100).default(5_000).meta({
      description: 'Longest wait between reconnection attempts (the delay doubles up to it).',
      advanced: true,
    }),
    requestTimeoutMs: z.number().int().min(100).default(10_000).meta({
      description: 'How long a read, write or browse waits for the connection and the answer.',
      advanced: true,
    }),
    startupWaitMs: z.number().int().min(0).default(30_000).meta({
      description:
        'Until the first connection after a deploy is up, how long a read, write, browse or call waits for it (when longer than the request timeout): opening the first session can take a while on a loaded machine, and a timed-out attempt or a full server may pass. A refused login, security policy or certificate fails them at the request timeout. After the wait: `opcua_not_connected`, naming the wait.',
      advanced: true,
    }),
    watchdogMs: z.number().int().min(200).default(5_000).meta({
      description:
        'A server that answers nothing for this long is taken as lost (frozen PLC, half-open socket): the connection reads the server state every half of it and reconnects when an answer is missing for the other half. Writes in flight then end with `outcome_unknown`.',
      advanced: true,
    }),
    required: z.boolean().default(true).meta({
      description:
        'Health: while this connection is down longer than the grace period (settings `health.connectionGraceMs`), /healthz reports the runtime `degraded`, naming it. Off for a connection the flows can do without.',
      advanced: true,
    }),
  })
  .superRefine((cfg, ctx) => {
    if ((cfg.securityMode === 'None') !== (cfg.securityPolicy === 'None'))
      ctx.addIssue({
        code: 'custom',
        path: ['securityPolicy'],
        message:
          cfg.securityMode === 'None'
            ? 'security policy must be None when the security mode is None'
            : `security mode ${cfg.securityMode} needs a security policy other than None`,
      });
    if (cfg.authentication === 'username' && !cfg.username.trim())
      ctx.addIssue({
        code: 'custom',
        path: ['username'],
        message: 'a user name is required for username authentication',
      });
  });

export type OpcuaEndpointConfig = z.output<typeof opcuaEndpointConfig>;

/** Secrets of the endpoint, kept in the encrypted credential store. */
export const opcuaEndpointCredentials = z.object({
  password: z.string().optional().meta({ description: 'Password for username authentication.', secret: true }),
});

export type OpcuaEndpointCredentials = z.output<typeof opcuaEndpointCredentials>;
