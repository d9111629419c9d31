import { UserError, ValidationError, type CredentialsUpdate, type Flow } from '@millwright/model';
import type { NodeRegistry } from '@millwright/sdk';
import { checkCredentialUpdates } from './check-credentials.js';
import type { CredentialStore } from './credential-store.js';

/** What a deploy does to the credential store. */
export interface DeployCredentials {
  updates: Record<string, CredentialsUpdate>;
  /** Entries of nodes that are in no flow any more (deleting a node deletes its secrets). */
  remove: string[];
}

/**
 * Checks the `credentials` of a deploy request against the (already valid) flows. Throws
 * `ValidationError` with paths like `$.credentials.broker1.password`, or `UserError`
 * `invalid_request` when the runtime has no credential store. Changes nothing.
 */
export function prepareDeployCredentials(args: {
  store: CredentialStore | undefined;
  registry: NodeRegistry;
  flows: readonly Flow[];
  updates: unknown;
}): DeployCredentials | undefined {
  const { store, flows } = args;
  if (!store) {
    if (args.updates !== undefined)
      throw new UserError('invalid_request', 'this runtime has no credential store; "credentials" cannot be deployed');
    return undefined;
  }
  let updates: Record<string, CredentialsUpdate> = {};
  if (args.updates !== undefined) {
    const check = checkCredentialUpdates({
      updates: args.updates,
      flows,
      registry: args.registry,
      current: (id) => store.get(id),
      prefix: ['credentials'],
    });
    if (!check.ok) throw new ValidationError(check.issues);
    updates = check.updates;
  }
  const ids = new Set(flows.flatMap((f) => [...f.nodes, ...(f.configs ?? [])].map((n) => n.id)));
  return { updates, remove: store.nodeIds().filter((id) => !ids.has(id)) };
}
