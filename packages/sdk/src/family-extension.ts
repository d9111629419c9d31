/**
 * What a node family adds to the runtime besides node types: admin API routes, editor helpers and
 * shutdown steps. A family module exports them as `extensions` (next to `nodes`); the runtime
 * collects them in the {@link NodeRegistry} and mounts them, so it imports no family itself
 * (docs/sdk/family-extensions.md). Kept free of any HTTP framework: a route is a plain function
 * from a request to a response.
 */

/** HTTP methods a family route may answer. */
export type FamilyRouteMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The parts of an admin API request a family route sees. */
export interface FamilyRequest {
  /** Values of the `:name` segments of the route's path. */
  params: Record<string, string>;
  /** Query parameters; a repeated one keeps its first value. */
  query: Record<string, string | undefined>;
  /** Parsed JSON body (undefined for none). */
  body: unknown;
}

/** What a family route answers: a JSON body with a status (default 200). */
export interface FamilyResponse {
  status?: number;
  body: unknown;
}

/** A config node of the stored flows, as a route finds it. */
export interface StoredConfigNode {
  id: string;
  type: string;
  config: Record<string, unknown>;
}

/** What the runtime lends a family route. */
export interface FamilyServices {
  /** A config node of the stored flows by id, `${env.NAME}` filled in (an editor helper connects with its settings). */
  configNode(id: string): StoredConfigNode | undefined;
  /** Decrypted credentials of a node; handle them as the node would (never answer them). */
  credentials(nodeId: string): Record<string, unknown> | undefined;
  /** Type of a deployed node, undefined when no running flow has it. */
  nodeType(nodeId: string): string | undefined;
  /** The runtime's node data folder (`NodeContext.dataDir` of the nodes); undefined when nothing is kept on disk. */
  readonly dataDir: string | undefined;
}

/**
 * One admin API route, mounted below `/api`. Throw the model's errors (`UserError('not_found')`
 * answers 404, other UserErrors 400); the runtime answers them as every other route does.
 */
export interface FamilyRoute {
  method: FamilyRouteMethod;
  /** Path below `/api` with `:name` segments, e.g. `/trace/:lot`. It must not collide with another route. */
  path: string;
  /**
   * Permission the caller needs, one of the runtime's (`flows:read`, `flows:edit`, `events:debug`,
   * `outbox:read`, `outbox:replay`... see docs/security.md); an unknown name fails the start.
   */
  permission: string;
  handle(req: FamilyRequest, services: FamilyServices): FamilyResponse | Promise<FamilyResponse>;
}

/** Something a family offers the editor: a config field widget backed by one of its routes. */
export interface EditorHelper {
  /** The `widget` name config fields set in their schema meta, e.g. `opcua-nodeid`. */
  widget: string;
  /** What the editor does with it, for the docs. */
  description: string;
  /** `METHOD /path` of the route it calls, when it calls one. */
  route?: string;
}

/** A family's contribution besides its node types. `id` names it in errors and docs. */
export interface FamilyExtension {
  /** Stable id, e.g. `opcua`; a package shared by several families (the outbox) is registered once. */
  id: string;
  routes?: readonly FamilyRoute[];
  editorHelpers?: readonly EditorHelper[];
  /**
   * Called once when the runtime stops, after every flow stopped: close what the routes opened
   * (sessions of an editor helper). Errors are logged, not thrown.
   */
  shutdown?(): Promise<void>;
}

/** Declares an extension; returns it unchanged, typed. */
export function defineFamilyExtension(extension: FamilyExtension): FamilyExtension {
  if (!/^[a-z][a-z0-9-]*$/.test(extension.id))
    throw new Error(`family extension id "${extension.id}" must be kebab-case`);
  for (const r of extension.routes ?? [])
    if (!r.path.startsWith('/')) throw new Error(`route "${r.path}" of extension "${extension.id}" must start with /`);
  return extension;
}
