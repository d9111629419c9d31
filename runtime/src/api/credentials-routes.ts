import { UserError, ValidationError, type CredentialsInfo, type NodeCatalogEntry } from '@millwright/model';
import type { NodeRegistry } from '@millwright/sdk';
import { Router, type Request } from 'express';
import type { AuditLog } from '../audit/audit-log.js';
import { checkCredentialUpdates } from '../credentials/check-credentials.js';
import type { CredentialStore } from '../credentials/credential-store.js';
import type { FlowStore } from '../storage/flow-store.js';
import { ipOf, principalOf } from './auth-gate.js';

/**
 * Credentials, write-only: no route ever answers a value.
 * - `GET /credentials` (admin): `CredentialsInfo[]` of every stored entry.
 * - `GET /credentials/:nodeId`: `CredentialsInfo`, which keys are set (`{ password: true }`),
 *   including the unset keys of the node type's credentials schema as `false`.
 * - `PUT /credentials/:nodeId`: body `CredentialsUpdate` (`{ key: string | null }`), checked
 *   against the node type's schema; 400 `invalid_flow` with issue paths. The node must be in the
 *   stored flows. Running flows pick the values up at their next deploy.
 * - `DELETE /credentials/:nodeId` (admin): removes the entry (204).
 * Changes are audited with key names only.
 */
export function credentialsRoutes(args: {
  credentials: CredentialStore;
  store: FlowStore;
  registry: NodeRegistry;
  audit: AuditLog;
}): Router {
  const { credentials, store, registry, audit } = args;
  const router = Router();
  const schemaKeys = new Map(registry.catalog().map((e) => [e.type, keysOfSchema(e)]));
  const info = (nodeId: string): CredentialsInfo => {
    const type = store
      .flows()
      .flatMap((f) => [...f.nodes, ...(f.configs ?? [])])
      .find((n) => n.id === nodeId)?.type;
    const has: Record<string, boolean> = {};
    for (const k of (type && schemaKeys.get(type)) ?? []) has[k] = false;
    for (const k of credentials.keysOf(nodeId)) has[k] = true;
    return { nodeId, has };
  };
  const actor = (req: Request) => ({ actor: principalOf(req).username, ...ipOf(req) });

  router.get('/credentials', (_req, res) => {
    const body: CredentialsInfo[] = credentials.nodeIds().map(info);
    res.json(body);
  });
  router.get('/credentials/:nodeId', (req, res) => {
    res.json(info(req.params.nodeId));
  });
  router.put('/credentials/:nodeId', async (req, res) => {
    const { nodeId } = req.params;
    const check = checkCredentialUpdates({
      updates: { [nodeId]: req.body },
      flows: store.flows(),
      registry,
      current: (id) => credentials.get(id),
    });
    if (!check.ok) throw new ValidationError(check.issues);
    const changes = await credentials.apply({ updates: check.updates });
    for (const c of changes) await audit.record({ action: 'credentials-set', ...actor(req), details: { ...c } });
    res.json(info(nodeId));
  });
  router.delete('/credentials/:nodeId', async (req, res) => {
    const { nodeId } = req.params;
    if (!credentials.keysOf(nodeId).length)
      throw new UserError('not_found', `no credentials are stored for node "${nodeId}"`);
    const changes = await credentials.apply({ remove: [nodeId] });
    for (const c of changes) await audit.record({ action: 'credentials-removed', ...actor(req), details: { ...c } });
    res.status(204).end();
  });
  return router;
}

function keysOfSchema(entry: NodeCatalogEntry): string[] {
  const props = entry.credentialsSchema?.['properties'];
  return typeof props === 'object' && props !== null ? Object.keys(props) : [];
}
