import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fromZodIssues } from '@millwright/model';
import { Low, Memory } from 'lowdb';
import { z } from 'zod';
import { filesSettings, nodesSettings, outboundSettings } from './confinement-settings.js';
import { DurableJsonFile } from './durable-file.js';

/**
 * Schema of `<dataDir>/settings.json`. Unknown keys are kept for forward compatibility. The
 * descriptions and examples in `.meta()` generate docs/settings.md (`npm run docs`).
 */
export const settingsSchema = z.looseObject({
  auth: z
    .object({
      required: z
        .boolean()
        .default(false)
        .meta({
          description:
            'Require a login or the service token on /api and the websocket even when the server binds to a loopback host. A non-loopback host always requires them.',
          examples: [true],
        }),
      openOnLoopback: z
        .boolean()
        .default(true)
        .meta({
          description:
            'On a loopback host with no user and no service token, every request acts as admin (the local demo). Set false to refuse that: the runtime then does not start until a user or a token exists.',
          examples: [false],
        }),
      token: z.string().min(16, 'must be at least 16 characters').optional().meta({
        description:
          'Service token (16+ characters) for headless and CI clients, sent as `Authorization: Bearer <token>`. `MILLWRIGHT_TOKEN` in the environment takes precedence; prefer it, since this file is plain text.',
        secret: true,
      }),
      tokenRole: z
        .enum(['viewer', 'operator', 'editor', 'admin'])
        .default('admin')
        .meta({
          description:
            'Role of requests that carry the service token (see docs/security.md for what each role may do).',
          examples: ['operator'],
        }),
      sessionTtlHours: z
        .number()
        .positive()
        .max(720)
        .default(12)
        .meta({
          description: 'Lifetime of a login token in hours (at most 720, 30 days). A restart ends every login.',
          examples: [8],
        }),
      oidc: z
        .object({
          issuer: z.url().meta({
            description:
              'Issuer URL of the OpenID Connect provider (its `/.well-known/openid-configuration` is read at the first sign-in). Plain `http` only for a provider on this machine.',
            examples: ['https://login.example.com/realms/plant'],
          }),
          clientId: z
            .string()
            .min(1)
            .meta({
              description: 'Client id of Millwright at the provider.',
              examples: ['millwright'],
            }),
          clientSecret: z.string().min(1).optional().meta({
            description:
              'Client secret at the provider. `MILLWRIGHT_OIDC_CLIENT_SECRET` in the environment takes precedence; prefer it, since this file is plain text. Unset (and no variable): a public client (PKCE only).',
            secret: true,
          }),
          redirectUri: z.url().meta({
            description:
              "This runtime's callback as the provider knows it: `<runtime URL>/api/auth/oidc/callback` (register the same URL at the provider). Taken from here, never from the request's Host header.",
            examples: ['https://millwright.plant.example.com/api/auth/oidc/callback'],
          }),
          scopes: z
            .string()
            .default('openid profile email')
            .meta({ description: 'Scopes asked for; `openid` is needed.', examples: ['openid profile groups'] }),
          usernameClaim: z
            .string()
            .default('preferred_username')
            .meta({
              description: 'Claim that names the user in the editor and the audit log (falls back to `sub`).',
              examples: ['email'],
            }),
          roleClaim: z
            .string()
            .default('groups')
            .meta({
              description:
                'Claim whose values map to roles through `roles` (a list, or a space- or comma-separated string), read from the ID token, else from the userinfo answer.',
              examples: ['roles'],
            }),
          roles: z
            .record(z.string(), z.enum(['viewer', 'operator', 'editor', 'admin']))
            .default({})
            .meta({
              description:
                'Role claim value -> Millwright role; a user with several mapped values gets the strongest role.',
              examples: [
                { 'mw-admins': 'admin', 'mw-engineers': 'editor', 'mw-operators': 'operator', staff: 'viewer' },
              ],
            }),
          defaultRole: z
            .enum(['viewer', 'operator', 'editor', 'admin'])
            .optional()
            .meta({
              description:
                'Role of a user none of whose claim values map to a role. Unset: such a sign-in is refused (`sso_no_role`).',
              examples: ['viewer'],
            }),
          label: z
            .string()
            .min(1)
            .max(60)
            .default('Sign in with SSO')
            .meta({ description: "Text of the editor's sign-in button.", examples: ['Sign in with Plant ID'] }),
        })
        .optional()
        .meta({
          description:
            'Single sign-on with OpenID Connect (authorization code with PKCE); see docs/security.md. Setting it turns authentication on.',
        }),
    })
    .prefault({})
    .meta({ description: 'Who may use the admin API (/api), the websocket and the editor (docs/security.md).' }),
  engine: z
    .object({
      isolation: z
        .enum(['pool', 'process', 'worker', 'in-process'])
        .optional()
        .meta({
          description:
            'Where flows run: `pool` (flows share a few host processes; a flow with `"isolation": "dedicated"` gets its own; a fatal out-of-memory in function code ends one host process, whose flows restart, never the runtime), `process` (a child process per flow), `worker` (a worker thread per flow: lighter, for trusted function code) or `in-process` (tests). Unset: `pool`. The `--isolation` flag of `start` and `run` takes precedence.',
          examples: ['worker'],
        }),
      poolSize: z
        .number()
        .int()
        .min(1)
        .max(64)
        .optional()
        .meta({
          description: 'Number of shared host processes of the `pool` isolation. Unset: one per CPU core.',
          examples: [4],
        }),
      queueHighWater: z
        .number()
        .int()
        .min(100)
        .max(10_000_000)
        .optional()
        .meta({
          description:
            "Messages queued in one flow (node mailboxes plus what nodes hold, such as a function node's awaiting messages) at which its sources pause: inject bursts wait, http-in answers 503 with Retry-After. They go on when the queue is back to half. The flow shows its `backlog` in /healthz (status `degraded`) and /metrics. Unset: 10,000.",
          examples: [50_000],
        }),
      mailboxLimit: z
        .number()
        .int()
        .min(100)
        .max(10_000_000)
        .optional()
        .meta({
          description:
            "Most messages one node's mailbox holds; a message sent to a full mailbox is refused with the error `mailbox_full`, which catch nodes receive. Unset: 100,000.",
          examples: [200_000],
        }),
    })
    .optional()
    .meta({ description: 'How the runtime runs flows.' }),
  snapshots: z
    .object({
      keep: z
        .number()
        .int()
        .min(1)
        .max(10_000)
        .default(50)
        .meta({
          description:
            'Snapshots recorded by deploys that are kept in `<dataDir>/flows-history/` (the oldest beyond go). Named snapshots are not counted: they stay until deleted (docs/versions.md).',
          examples: [200],
        }),
    })
    .optional()
    .meta({ description: 'Deploy history: the snapshot every deploy records (docs/versions.md).' }),
  project: z
    .object({
      git: z
        .boolean()
        .default(false)
        .meta({
          description:
            'Project folder mode: after every deploy the flows are written to `project.dir`, one stable `<flow id>.flow.json` (and `<flow id>.tests.json`) per flow, and committed to git with the deploy message, the deploying user as author. The folder becomes a repository if it is none (with a `.gitattributes` for the merge driver). Needs `git` on the machine.',
          examples: [true],
        }),
      dir: z
        .string()
        .min(1)
        .optional()
        .meta({
          description:
            'The git working tree of `project.git` (absolute, or relative to the data dir). Unset: `<data dir>/project`.',
          examples: ['/srv/millwright/line3-flows'],
        }),
    })
    .optional()
    .meta({ description: 'Flows as files in a git working tree, one commit per deploy (docs/versions.md).' }),
  context: z
    .object({
      store: z
        .enum(['memory', 'file'])
        .optional()
        .meta({
          description:
            'Where the node and flow context of flows that do not set their own `"context"` lives: `memory` (lost at a restart, as in Node-RED) or `file` (`<data dir>/context/<flow id>.json`, written atomically with fsync; a flow resumes its context after a restart or a crash). A flow\'s own `"context": {"store": ...}` takes precedence. Global context always stays in memory. Unset: `memory`.',
          examples: ['file'],
        }),
      flushIntervalMs: z
        .number()
        .int()
        .min(0)
        .max(3_600_000)
        .optional()
        .meta({
          description:
            "Longest time a change to a file context waits before it is written (and at the latest when the flow stops); 0 writes each change at once. What changed since the last write is lost by a crash or a power cut. A flow's own `context.flushIntervalMs` takes precedence. Unset: 30,000.",
          examples: [5_000],
        }),
      maxBytes: z
        .number()
        .int()
        .min(1_024)
        .max(1024 * 1024 * 1024)
        .optional()
        .meta({
          description:
            "Most bytes of one flow's context file; a `set` that would go beyond it fails with the error `context_too_large` (a function node's `flow.set` throws it; catch nodes receive it). A flow's own `context.maxBytes` takes precedence. Unset: 10,485,760 (10 MiB).",
          examples: [1_048_576],
        }),
    })
    .optional()
    .meta({ description: 'Where flows keep their node and flow context (docs/sdk, "Context").' }),
  limits: z
    .object({
      globalContextEntries: z
        .number()
        .int()
        .min(1)
        .max(10_000_000)
        .optional()
        .meta({
          description:
            "Most global context keys one flow may hold (the keys it set last). A `global.set` of a new key beyond it fails with the error `context_quota_exceeded`, which catch nodes receive. A removed flow's keys are deleted. Unset: 10,000.",
          examples: [100_000],
        }),
      globalContextBytes: z
        .number()
        .int()
        .min(1_024)
        .max(1024 * 1024 * 1024)
        .optional()
        .meta({
          description:
            "Most bytes of global context one flow may hold (its keys' values, measured serialized). Every flow host keeps a copy of the whole global context and the runtime's main process one more, so this bounds the memory any flow can take there. Beyond it `global.set` fails with `context_quota_exceeded`. Unset: 8,388,608 (8 MiB).",
          examples: [33_554_432],
        }),
      flowStartTimeoutMs: z
        .number()
        .int()
        .min(100)
        .max(3_600_000)
        .optional()
        .meta({
          description:
            "How long a deploy waits for one flow to start (its nodes' setup). A flow that takes longer is stopped and reported crashed with the error `flow_start_timeout`, then restarted with backoff like any crash; the deploy completes without it. Unset: 30,000.",
          examples: [120_000],
        }),
      nodeEventsPerSecond: z
        .number()
        .int()
        .min(1)
        .max(1_000_000)
        .optional()
        .meta({
          description:
            "Most log lines (`node.warn`...), status and error events one node sends to the runtime per second, each kind counted on its own. More are dropped in the flow's host; once a second a warning names the node and how many were dropped (debug sidebar, runtime log, `millwright_node_events_dropped_total` in /metrics). Catch and status nodes in the flow still see every error and status, and `millwright_node_errors_total` counts every error. Unset: 100.",
          examples: [1_000],
        }),
      debugEventsPerSecond: z
        .number()
        .int()
        .min(1)
        .max(1_000_000)
        .optional()
        .meta({
          description:
            'Most debug events (debug node output) one node sends to the runtime per second; more are dropped and counted as for `nodeEventsPerSecond`. Unset: 1,000.',
          examples: [10_000],
        }),
      debugBytesPerSecond: z
        .number()
        .int()
        .min(1_024)
        .max(1024 * 1024 * 1024)
        .optional()
        .meta({
          description:
            'Most bytes (about their JSON size) of debug values one node sends to the runtime per second; a debug event beyond it is dropped and counted. Each value is already cut to about 100,000 characters for the sidebar. Unset: 1,048,576 (1 MiB).',
          examples: [8_388_608],
        }),
      logMessageChars: z
        .number()
        .int()
        .min(256)
        .max(10_000_000)
        .optional()
        .meta({
          description:
            'Longest text of one log line, error message or status text a node sends; longer text is cut and ends with `… [truncated N chars]` (counted in `millwright_node_events_truncated_total`). Unset: 8,192.',
          examples: [65_536],
        }),
      wsClientBufferBytes: z
        .number()
        .int()
        .min(65_536)
        .max(1024 * 1024 * 1024)
        .optional()
        .meta({
          description:
            'Bytes of events the runtime holds for one websocket client (the editor) that reads more slowly than events come. Beyond it the oldest are dropped and the client is told how many (the debug sidebar shows it; `millwright_ws_events_dropped_total`). Unset: 8,388,608 (8 MiB).',
          examples: [33_554_432],
        }),
      wsFrameBytes: z
        .number()
        .int()
        .min(16_384)
        .max(64 * 1024 * 1024)
        .optional()
        .meta({
          description:
            'Largest websocket frame the runtime sends. Events are batched into frames up to this size; a single event larger than it (a huge debug value) is sent with its value replaced by a note of its size. Frames clients send are limited to 64 KiB. Unset: 1,048,576 (1 MiB).',
          examples: [4_194_304],
        }),
    })
    .optional()
    .meta({
      description:
        'Quotas and caps that keep one flow or one slow client from exhausting the runtime (docs/security.md, "Resource limits").',
    }),
  files: filesSettings,
  outbound: outboundSettings,
  nodes: nodesSettings,
  metrics: z
    .object({
      host: z
        .string()
        .min(1)
        .optional()
        .meta({
          description:
            'Interface of a second listener that serves only /healthz and /metrics (read-only, no admin API), e.g. `0.0.0.0` for a Prometheus on another host; a non-loopback host logs a warning, since the two routes need no authentication. Default `127.0.0.1`. `--metrics-host` takes precedence.',
          examples: ['0.0.0.0'],
        }),
      port: z
        .number()
        .int()
        .min(0)
        .max(65_535)
        .optional()
        .meta({
          description:
            'Port of that listener (default 9464; 0 picks a free one). `--metrics-port` takes precedence. Without `host` and `port` the main server alone serves /healthz and /metrics.',
          examples: [9464],
        }),
    })
    .optional()
    .meta({ description: 'A separate /healthz and /metrics listener for monitoring from another host.' }),
  health: z
    .object({
      failOn: z
        .enum(['failing', 'degraded', 'never'])
        .optional()
        .meta({
          description:
            'When /healthz answers 503 instead of 200: `failing` (a flow crashed and waits to restart, or a stored flow is invalid), `degraded` (also for every `degraded` reason, e.g. for a load balancer that should send nothing to a runtime with a broker down) or `never` (always 200; read `status` in the body). Unset: `failing`.',
          examples: ['degraded'],
        }),
      stalledQueueMs: z
        .number()
        .int()
        .min(1_000)
        .max(86_400_000)
        .optional()
        .meta({
          description:
            "Age of the oldest message waiting in a node's mailbox at which /healthz reports the queue stalled (`degraded`, reason `queue_stalled`: the node does not keep up, e.g. CPU-heavy function code), and how long a flow may leave the health probe unanswered before it is reported `flow_unresponsive` (its thread is blocked, so nothing moves). Unset: 60,000 (one minute).",
          examples: [300_000],
        }),
      connectionGraceMs: z
        .number()
        .int()
        .min(0)
        .max(86_400_000)
        .optional()
        .meta({
          description:
            'How long a required connection of a config node (MQTT broker, OPC UA server) may be down, or still connecting after a deploy, before /healthz reports it (`degraded`, reason `connection_down`); shorter outages are reconnects. Unset: 30,000.',
          examples: [120_000],
        }),
      crashLoopRestarts: z
        .number()
        .int()
        .min(1)
        .max(1_000)
        .optional()
        .meta({
          description:
            'Crashes of one flow within `crashLoopWindowMs` at which /healthz reports a crash loop (`degraded` while the flow runs between crashes, reason `crash_loop`; `failing` while it is down, as for any crash). Unset: 3.',
          examples: [5],
        }),
      crashLoopWindowMs: z
        .number()
        .int()
        .min(1_000)
        .max(86_400_000)
        .optional()
        .meta({
          description: 'The window of `crashLoopRestarts`. Unset: 600,000 (ten minutes).',
          examples: [3_600_000],
        }),
    })
    .optional()
    .meta({
      description: 'What /healthz reports as degraded, and when it answers 503 (docs/plant-install.md, section 7).',
    }),
});

export type RuntimeSettings = z.output<typeof settingsSchema>;

/**
 * Runtime settings in `<dataDir>/settings.json` (in memory without a data dir). Written with the
 * defaults on first open so operators can find and edit the file. One owner per file.
 * Throws with the faulty paths when the file does not match the schema.
 */
export class SettingsStore {
  private constructor(private readonly db: Low<RuntimeSettings>) {}

  static async open(dataDir?: string): Promise<SettingsStore> {
    const defaults = settingsSchema.parse({});
    if (dataDir === undefined) return new SettingsStore(new Low(new Memory<RuntimeSettings>(), defaults));
    await mkdir(dataDir, { recursive: true });
    const file = join(dataDir, 'settings.json');
    const adapter = new DurableJsonFile<RuntimeSettings>(file);
    const raw = await adapter.read();
    const parsed = settingsSchema.safeParse(raw ?? {});
    if (!parsed.success) {
      const faults = fromZodIssues(parsed.error.issues).map((i) => `${i.pathString}: ${i.message}`);
      throw new Error(`${file} is invalid: ${faults.join('; ')}`);
    }
    const db = new Low(adapter, parsed.data);
    if (raw === null) await db.write();
    return new SettingsStore(db);
  }

  get(): RuntimeSettings {
    return this.db.data;
  }
}
