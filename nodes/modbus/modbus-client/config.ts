import { z } from 'zod';

/** Config of a Modbus TCP connection, shared by the modbus-read and modbus-write nodes that reference it. */
export const modbusClientConfig = z
  .object({
    host: z
      .string()
      .trim()
      .min(1, 'a host name or address is required')
      .meta({
        description:
          'Host name or IP address of the device or gateway, optionally with `:port` (then it overrides `port`), so one `${env.PLC}` can name both. IPv6 with a port: `[fd00::5]:502`.',
        examples: ['192.168.0.10'],
      }),
    port: z.number().int().min(1).max(65_535).default(502).meta({ description: 'TCP port (Modbus TCP: 502).' }),
    unitId: z.number().int().min(0).max(255).default(1).meta({
      description:
        'Unit id (slave address) put in every request. Devices on TCP often answer any; a gateway to a serial line routes by it.',
    }),
    timeoutMs: z.number().int().min(50).max(60_000).default(2_000).meta({
      description:
        'How long a request waits for its answer, and at most how long it waits for the connection (after a deploy or while reconnecting) before it fails `modbus_not_connected`.',
    }),
    reconnectMinMs: z
      .number()
      .int()
      .min(50)
      .default(500)
      .meta({ description: 'First wait before reconnecting after the connection drops.', advanced: true }),
    reconnectMaxMs: z.number().int().min(50).default(10_000).meta({
      description: 'Longest wait between reconnection attempts (the wait doubles from the first one up to this).',
      advanced: true,
    }),
    required: z.boolean().default(true).meta({
      description:
        'Health: while this connection is down longer than the grace period (settings `health.connectionGraceMs`), /healthz reports the runtime `degraded`, naming it. Off for a device the flows can do without.',
      advanced: true,
    }),
  })
  .superRefine((cfg, ctx) => {
    const port = /^(?:\[[^\]]+\]|[^:]+):(\d+)$/.exec(cfg.host)?.[1];
    if (port !== undefined && !(Number(port) >= 1 && Number(port) <= 65_535))
      ctx.addIssue({ code: 'custom', path: ['host'], message: `port ${port} is not a TCP port (1..65535)` });
    if (cfg.reconnectMaxMs < cfg.reconnectMinMs)
      ctx.addIssue({ code: 'custom', path: ['reconnectMaxMs'], message: 'must be at least reconnectMinMs' });
  });

export type ModbusClientConfig = z.output<typeof modbusClientConfig>;
