import { isAbsolute, resolve } from 'node:path';
import { DEFAULT_OUTBOUND_DENY, defaultFilesRoot, outboundEntryProblem, type Confinement } from '@millwright/sdk';
import { z } from 'zod';

/** Environment variable whose comma-separated entries are added to `outbound.allow`. */
export const OUTBOUND_ALLOW_ENV = 'MILLWRIGHT_OUTBOUND_ALLOW';

const entry = z
  .string()
  .min(1)
  .superRefine((value, ctx) => {
    const problem = outboundEntryProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** settings.json `files`: the folders file nodes may use. */
export const filesSettings = z
  .object({
    roots: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .meta({
        description:
          'Folders file-write and file-watch may read and write; relative entries are below the data dir. A node\'s relative path starts at the first; a path that leads outside all of them (`..`, an absolute path, a symbolic link) is refused with `file_outside_base`. Unset: `["files"]` (`<data dir>/files`, or `./files` without a data dir).',
        examples: [['files', '/srv/erp-in', '/srv/erp-out']],
      }),
  })
  .optional()
  .meta({ description: 'Where file nodes may read and write (docs/security.md, "Confinement of flows").' });

/** settings.json `outbound`: where nodes may connect. */
export const outboundSettings = z
  .object({
    allow: z
      .array(entry)
      .optional()
      .meta({
        description: `Destinations http-request may always reach, even when \`deny\` lists them: a host name (\`erp.plant.local\`), \`*.domain\`, an IP address, a CIDR range or \`*\`, each with an optional port (\`127.0.0.1:8090\`, \`[::1]:8090\`, \`10.0.0.0/8:443\`). The runtime's own port is reached only through an entry that names it. \`${OUTBOUND_ALLOW_ENV}\` adds entries (comma-separated). Unset: none.`,
        examples: [['127.0.0.1:8090', 'erp.plant.local:443', '10.20.0.0/16']],
      }),
    deny: z
      .array(entry)
      .optional()
      .meta({
        description: `Destinations refused unless \`allow\` lists them (error \`outbound_denied\`), matched against the address a host name resolves to, which is also the address connected to. Unset: loopback, "this host" and link-local (${DEFAULT_OUTBOUND_DENY.map((d) => `\`${d}\``).join(', ')}).`,
        examples: [['127.0.0.0/8', '::1/128', '169.254.0.0/16', 'fe80::/10', '192.168.10.0/24']],
      }),
    allowOnly: z
      .boolean()
      .optional()
      .meta({
        description: 'Refuse every destination `allow` does not list (a strict allow-list). Unset: false.',
        examples: [true],
      }),
  })
  .optional()
  .meta({ description: 'Where http-request may connect (docs/security.md, "Confinement of flows").' });

/** settings.json `nodes`: settings of single node types. */
export const nodesSettings = z
  .object({
    exec: z
      .object({
        enabled: z
          .boolean()
          .optional()
          .meta({
            description:
              "Allow flows with exec nodes, which run operating-system commands with the runtime's rights (docs/nodes/exec.md). Deploying a new or changed exec node then needs the admin role; off, a deploy with an exec node is refused with `exec_disabled`. Unset: false.",
            examples: [true],
          }),
        allow: z
          .array(z.string().regex(/^\//, 'must be an absolute path'))
          .optional()
          .meta({
            description:
              'Commands exec nodes may run, as absolute paths; any other is refused at deploy with `exec_not_allowed`. Unset: none.',
            examples: [['/usr/bin/ping', '/usr/local/bin/label-print']],
          }),
      })
      .optional()
      .meta({ description: 'The exec node (off by default; decision 0032).' }),
  })
  .optional()
  .meta({ description: 'Settings of single node types.' });

/**
 * The confinement every node runs under, from settings.json: file roots resolved against the data
 * dir, outbound entries with those of `MILLWRIGHT_OUTBOUND_ALLOW` and `extraAllow` (the demo's
 * sim ERP), and the runtime's own ports.
 */
export function confinementFrom(args: {
  files: z.output<typeof filesSettings>;
  outbound: z.output<typeof outboundSettings>;
  nodes?: z.output<typeof nodesSettings>;
  dataDir: string | undefined;
  env: NodeJS.ProcessEnv;
  extraAllow?: readonly string[];
  ownPorts: readonly number[];
}): Confinement {
  const base = args.dataDir === undefined ? resolve('.') : resolve(args.dataDir);
  const fromEnv = (args.env[OUTBOUND_ALLOW_ENV] ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  return {
    fileRoots: args.files?.roots?.map((r) => (isAbsolute(r) ? r : resolve(base, r))) ?? [
      defaultFilesRoot(args.dataDir),
    ],
    outbound: {
      allow: [...(args.outbound?.allow ?? []), ...fromEnv, ...(args.extraAllow ?? [])],
      deny: args.outbound?.deny ?? DEFAULT_OUTBOUND_DENY,
      allowOnly: args.outbound?.allowOnly ?? false,
      ownPorts: args.ownPorts,
    },
    exec: { enabled: args.nodes?.exec?.enabled ?? false, allow: args.nodes?.exec?.allow ?? [] },
  };
}

/** Checks `MILLWRIGHT_OUTBOUND_ALLOW` at start, so a typo fails the start rather than every request. */
export function outboundEnvProblem(env: NodeJS.ProcessEnv): string | undefined {
  for (const e of (env[OUTBOUND_ALLOW_ENV] ?? '').split(',').map((x) => x.trim()))
    if (e) {
      const problem = outboundEntryProblem(e);
      if (problem) return `${OUTBOUND_ALLOW_ENV}: ${problem}`;
    }
  return undefined;
}
