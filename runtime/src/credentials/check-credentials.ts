import {
  fromZodIssues,
  issue,
  type CredentialsUpdate,
  type Flow,
  type PathSegment,
  type ValidationIssue,
} from '@millwright/model';
import type { NodeRegistry } from '@millwright/sdk';
import type { CredentialValues } from './credential-cipher.js';

/** Longest accepted credential value; a certificate key in PEM fits easily. */
const MAX_VALUE_LENGTH = 64 * 1024;

/**
 * Checks credential updates (`{ [nodeId]: { key: string | null } }`, unvalidated) against the
 * flows they are deployed with: each node id must be a node or config node of `flows` whose type
 * declares `credentials`; each key must be in that schema and the merged values must satisfy it.
 * Issues are rooted at `prefix` (e.g. `['credentials']`) and name keys, never values.
 */
export function checkCredentialUpdates(args: {
  updates: unknown;
  flows: readonly Flow[];
  registry: NodeRegistry;
  current: (nodeId: string) => CredentialValues | undefined;
  prefix?: PathSegment[];
}): { ok: true; updates: Record<string, CredentialsUpdate> } | { ok: false; issues: ValidationIssue[] } {
  const prefix = args.prefix ?? [];
  if (!isRecord(args.updates))
    return {
      ok: false,
      issues: [issue(prefix, 'invalid_type', 'expected an object { [nodeId]: { key: string | null } }')],
    };
  const types = new Map<string, string>();
  for (const f of args.flows) for (const n of [...f.nodes, ...(f.configs ?? [])]) types.set(n.id, n.type);
  const issues: ValidationIssue[] = [];
  const updates: Record<string, CredentialsUpdate> = {};
  for (const [nodeId, update] of Object.entries(args.updates)) {
    const at = [...prefix, nodeId];
    const type = types.get(nodeId);
    const schema = type === undefined ? undefined : args.registry.definition(type)?.credentials;
    if (type === undefined) issues.push(issue(at, 'unknown_node', `no node "${nodeId}" in the flows`));
    else if (!schema) issues.push(issue(at, 'no_credentials', `node type "${type}" has no credentials`));
    if (!schema) continue;
    if (!isRecord(update)) {
      issues.push(issue(at, 'invalid_type', 'expected an object { key: string | null }'));
      continue;
    }
    const clean: CredentialsUpdate = {};
    const merged: CredentialValues = { ...args.current(nodeId) };
    for (const [key, value] of Object.entries(update)) {
      if (value === null) {
        clean[key] = null;
        delete merged[key];
      } else if (typeof value !== 'string' || value.length > MAX_VALUE_LENGTH) {
        issues.push(
          issue([...at, key], 'invalid_type', `expected a string (at most ${MAX_VALUE_LENGTH} characters) or null`),
        );
      } else {
        clean[key] = value;
        merged[key] = value;
      }
    }
    const parsed = schema.safeParse(merged);
    if (!parsed.success) {
      issues.push(...fromZodIssues(parsed.error.issues, at).map((i) => ({ ...i, message: redactValues(i.message) })));
      continue;
    }
    // Object schemas drop keys they do not know: a key set but missing from the output is unknown.
    for (const [key, value] of Object.entries(clean))
      if (value !== null && !(key in parsed.data))
        issues.push(issue([...at, key], 'unknown_key', `node type "${type}" has no credential "${key}"`));
    updates[nodeId] = clean;
  }
  return issues.length ? { ok: false, issues } : { ok: true, updates };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** zod messages may quote the received value (enums, literals): keep secrets out of answers. */
function redactValues(message: string): string {
  return message.replace(/received\s+.*$/i, 'received a value that does not fit');
}
