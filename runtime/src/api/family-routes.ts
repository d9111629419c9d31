import { UserError } from '@millwright/model';
import { substituteEnv, type FamilyExtension, type FamilyRequest, type FamilyServices } from '@millwright/sdk';
import { Router, type Request } from 'express';
import { ROLE_PERMISSIONS, type Permission, type RouteRule } from '../auth/permissions.js';

const METHODS = { GET: 'get', POST: 'post', PUT: 'put', PATCH: 'patch', DELETE: 'delete' } as const;

/**
 * The admin routes the node families contributed (`extensions` of their modules, collected by the
 * registry), as one express router to mount under `/api` behind `authGate`. Each answers its
 * handler's `{ status, body }` as JSON; thrown errors go to the shared error handler.
 */
export function familyRoutes(extensions: readonly FamilyExtension[], given: FamilyServices): Router {
  // A helper connects with a config node as its flows would: `${env.NAME}` filled in (the demo's
  // `opc.tcp://${env.MILLWRIGHT_DEMO_OPCUA}` endpoint could not be browsed before).
  const services: FamilyServices = {
    ...given,
    configNode(id) {
      const node = given.configNode(id);
      return node && { ...node, config: substituteEnv(node.config, (name) => process.env[name]) as typeof node.config };
    },
  };
  const router = Router();
  for (const ext of extensions)
    for (const route of ext.routes ?? []) {
      router[METHODS[route.method]](route.path, async (req, res) => {
        const answer = await route.handle(requestOf(req), services);
        res.status(answer.status ?? 200).json(answer.body);
      });
    }
  return router;
}

/**
 * The permission rules of the family routes, for `authGate`. Throws a UserError
 * `family_route_permission_unknown` naming the route when a family asks for a permission the
 * runtime does not have, so a typo fails the start instead of silently needing `admin`.
 */
export function familyRouteRules(extensions: readonly FamilyExtension[]): RouteRule[] {
  return extensions.flatMap((ext) =>
    (ext.routes ?? []).map((route): RouteRule => {
      const permission = knownPermission(route.permission);
      if (!permission)
        throw new UserError(
          'family_route_permission_unknown',
          `route ${route.method} ${route.path} of "${ext.id}" asks for permission "${route.permission}", which the runtime does not have`,
        );
      return { method: route.method, path: route.path, permission };
    }),
  );
}

/** `name` as a permission of the runtime (admin has every one), or undefined. */
function knownPermission(name: string): Permission | undefined {
  return [...ROLE_PERMISSIONS.admin].find((p) => p === name);
}

function requestOf(req: Request): FamilyRequest {
  const query: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(req.query)) {
    const first = Array.isArray(value) ? value[0] : value;
    query[key] = typeof first === 'string' ? first : undefined;
  }
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.params)) if (typeof value === 'string') params[key] = value;
  return { params, query, body: req.body };
}
