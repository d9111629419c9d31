import type { ReactNode } from 'react';
import type { JsonSchema, ValuePath } from '../schema/json-schema.js';

/** What a field gives its picker: its value, where a pick goes, and how to close it. */
export interface PickerProps {
  value: string;
  onPick(value: string): void;
  onClose(): void;
}

/** What every field of a generated form needs besides its own schema and value. */
export interface FormContext {
  /** Root schema, for `$ref`s. */
  root: JsonSchema;
  /** Fault messages by value path (`pathKey`). */
  issues: ReadonlyMap<string, string[]>;
  /** Config nodes of a type that a `configRef` field may point at (`current`: its value now, kept offered). */
  configOptions(type: string, current?: string): Array<{ id: string; label: string }>;
  /** Nodes a `nodeRef` field may name: of `types` (any when absent), of this flow only when `sameFlow`. */
  nodeOptions(ref: { types?: readonly string[]; sameFlow?: boolean }): Array<{ id: string; label: string }>;
  /** The label of a node type, for text about it ("choose an OPC UA endpoint"). */
  typeLabel(type: string): string;
  /** Creates a config node of a type; returns its id. */
  createConfig(type: string): string | undefined;
  /** Opens a config node in the properties panel. */
  editConfig(id: string): void;
  /** Values a text field with `suggest: name` offers (a node's editor helper fills them in). */
  suggestions?(name: string): readonly string[];
  /** A browser for the values of `suggest: name` (a tree), opened from the field; absent: none. */
  picker?(name: string): ((p: PickerProps) => ReactNode) | undefined;
}

/** Key of a value path in `FormContext.issues` and in `data-testid`s (`rules.0.value`). */
export function pathKey(path: ValuePath): string {
  return path.join('.');
}

/** Messages of issues at exactly this path. */
export function issuesAt(ctx: FormContext, path: ValuePath): string[] {
  return ctx.issues.get(pathKey(path)) ?? [];
}

/** Messages of issues at this path or below it (a list drawn as one widget, like a node picker). */
export function issuesUnder(ctx: FormContext, path: ValuePath): string[] {
  const key = pathKey(path);
  const out: string[] = [];
  for (const [k, messages] of ctx.issues)
    if (k === key || k.startsWith(`${key}.`)) for (const m of messages) if (!out.includes(m)) out.push(m);
  return out;
}

/** Groups issues by path for `FormContext.issues`; issues deeper than any rendered field still show at their nearest key. */
export function indexIssues(issues: ReadonlyArray<{ path: ValuePath; message: string }>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const i of issues) {
    const key = pathKey(i.path);
    const list = out.get(key);
    if (list) {
      if (!list.includes(i.message)) list.push(i.message);
    } else out.set(key, [i.message]);
  }
  return out;
}

/** Words written as acronyms in labels (`usl` -> `USL`); a schema `title` overrides any label. */
const ACRONYMS: Record<string, string> = Object.fromEntries(
  [
    'api',
    'ca',
    'cpu',
    'csv',
    'db',
    'erp',
    'http',
    'https',
    'id',
    'ip',
    'json',
    'lcl',
    'lsl',
    'mes',
    'mqtt',
    'oee',
    'opc',
    'plc',
    'qms',
    'plm',
    'sql',
    'tcp',
    'tls',
    'ua',
    'ucl',
    'udp',
    'uri',
    'url',
    'usl',
    'utc',
    'xml',
    'yaml',
  ]
    .map((w) => [w, w.toUpperCase()])
    .concat([
      ['ids', 'IDs'],
      ['qos', 'QoS'],
      ['nodeid', 'NodeId'],
      ['b2mml', 'B2MML'],
      ['isa95', 'ISA-95'],
      ['opcua', 'OPC UA'],
    ]),
);

/** Human label of a config key: `timeoutMs` -> `Timeout ms`, `usl` -> `USL`, `nodeId` -> `Node ID`. */
export function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase()
    .split(' ')
    .filter(Boolean)
    .map((w) => ACRONYMS[w] ?? w);
  const spaced = words.join(' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}
