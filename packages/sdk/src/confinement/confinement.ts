import { join, resolve } from 'node:path';
import { DEFAULT_OUTBOUND_POLICY, type OutboundPolicy } from './outbound-policy.js';

/**
 * What nodes may reach outside the flow, from the runtime's settings.json (`files`, `outbound`):
 * `NodeContext.confinement`. Plain data, so it crosses into flow workers as it is.
 */
export interface Confinement {
  /** Folders file nodes may read and write (absolute). Relative paths in a node's config start at the first. */
  readonly fileRoots: readonly string[];
  /** Where nodes may connect to (http-request). */
  readonly outbound: OutboundPolicy;
  /**
   * The exec node (settings.json `nodes.exec`): off unless `enabled`, and then only the commands
   * in `allow` (absolute paths). Absent: off.
   */
  readonly exec?: { readonly enabled: boolean; readonly allow: readonly string[] };
}

/** The folder of the data dir that file nodes use by default. */
export const FILES_FOLDER = 'files';

/** The default file root: `<dataDir>/files`, or `./files` (working directory) without a data dir. */
export const defaultFilesRoot = (dataDir: string | undefined): string =>
  dataDir === undefined ? resolve(FILES_FOLDER) : join(resolve(dataDir), FILES_FOLDER);

/**
 * The confinement a node works under: what the runtime gave it, else the defaults (the data dir's
 * `files` folder; no loopback, link-local or "this host" addresses). Nodes call this rather than
 * reading `ctx.confinement`, so a host that passes nothing is still confined.
 */
export function confinementOf(ctx: { confinement?: Confinement; dataDir?: string }): Confinement {
  return ctx.confinement ?? { fileRoots: [defaultFilesRoot(ctx.dataDir)], outbound: DEFAULT_OUTBOUND_POLICY };
}
