import { NOUN_SCHEMAS, type Noun } from '@millwright/isa95';
import { toJsonSchema } from '@millwright/sdk';

/**
 * The model of a B2MML noun as a tree for the mapping editor's target picker, walked from the
 * model's zod schemas (through JSON Schema). Its leaves are the target paths; `modelPaths` lists
 * them, so the tree and the flat list cannot disagree.
 */

/** One node of the model tree (the shape `GET /api/isa95/paths` answers with). */
export interface ModelTreeNode {
  /** Key in its parent (`quantities`), or `[0]` for a list's item. */
  name: string;
  /** Model path from the noun (`quantities[0].value`): what a target names; `''` for the noun. */
  path: string;
  /** `object`, `list`, or a leaf's value type: `string`, `number`, `dateTime`, `boolean`, `enum`, `number | string`. */
  type: string;
  required?: boolean;
  description?: string;
  /** Allowed values of an `enum` leaf. */
  values?: string[];
  children?: ModelTreeNode[];
}

type Schema = {
  $ref?: string;
  type?: unknown;
  enum?: unknown[];
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  $defs?: Record<string, Schema>;
  anyOf?: Schema[];
};

const trees = new Map<Noun, ModelTreeNode>();

/** The tree of a noun: objects, lists with their item `[0]`, typed leaves; recursive types followed once. */
export function modelTree(noun: Noun): ModelTreeNode {
  const cached = trees.get(noun);
  if (cached) return cached;
  const root = toJsonSchema(NOUN_SCHEMAS[noun]) as Schema;
  const deref = (s: Schema): Schema => {
    const ref = s.$ref?.replace(/^#\/\$defs\//, '');
    return ref !== undefined ? deref(root.$defs?.[ref] ?? {}) : s;
  };
  // Optional objects come as `anyOf [object, null]`: the object is what a path goes into.
  const resolve = (s: Schema): Schema => {
    const d = deref(s);
    const variants = d.anyOf?.map(deref).filter((v) => v.type !== 'null');
    return variants?.length === 1 && variants[0] ? resolve(variants[0]) : d;
  };
  const leafType = (s: Schema): Pick<ModelTreeNode, 'type' | 'values'> => {
    if (s.enum) return { type: 'enum', values: s.enum.map(String) };
    if (s.anyOf) return { type: [...new Set(s.anyOf.map((v) => leafType(resolve(v)).type))].join(' | ') };
    if (s.type === 'string' && /xsd:dateTime/.test(s.description ?? '')) return { type: 'dateTime' };
    return { type: s.type === 'integer' ? 'number' : typeof s.type === 'string' ? s.type : 'value' };
  };
  const walk = (raw: Schema, name: string, path: string, seen: ReadonlySet<string>): ModelTreeNode | undefined => {
    const s = resolve(raw);
    const description = raw.description ?? s.description;
    const base = { name, path, ...(description ? { description } : {}) };
    if (s.type === 'array' && s.items) {
      const item = walk(s.items, '[0]', `${path}[0]`, seen);
      return item && { ...base, type: 'list', children: [item] };
    }
    if (!s.properties) return { ...base, ...leafType(s) };
    if (raw.$ref && seen.has(raw.$ref)) return undefined;
    const next = raw.$ref ? new Set([...seen, raw.$ref]) : seen;
    const required = new Set(s.required ?? []);
    const children = Object.entries(s.properties).flatMap(([key, p]) => {
      if (key === 'extensions') return []; // the extension bag has no fixed shape
      const child = walk(p, key, path ? `${path}.${key}` : key, next);
      return child ? [required.has(key) ? { ...child, required: true } : child] : [];
    });
    return { ...base, type: 'object', children };
  };
  const tree = walk(root, noun, '', new Set()) ?? { name: noun, path: '', type: 'object', children: [] };
  trees.set(noun, tree);
  return tree;
}

/** Leaf paths of a noun, relative to it, with `[0]` for lists: the leaves of its tree, in order. */
export function modelPaths(noun: Noun): string[] {
  const out: string[] = [];
  const visit = (n: ModelTreeNode) => (n.children ? n.children.forEach(visit) : out.push(n.path));
  visit(modelTree(noun));
  return out;
}
