import type { ConfigFault, NodeCatalog, NodeCatalogEntry, NodeTypeInfo } from '@millwright/model';
import type { AnyNodeDefinition, ConfigSchema } from './define-node.js';
import type { FamilyExtension } from './family-extension.js';
import { configRefsOf, defaultsOf, nodeRefsOf, toJsonSchema } from './json-schema.js';

/**
 * The set of installed node types. The runtime fills it from built-in and discovered packages;
 * the test harness fills it with the nodes under test.
 */
export class NodeRegistry implements NodeCatalog {
  private readonly defs = new Map<string, AnyNodeDefinition>();
  private readonly infos = new Map<string, NodeTypeInfo>();
  private readonly sources = new Map<string, string>();
  private readonly extensionsById = new Map<string, { extension: FamilyExtension; source: string | undefined }>();

  constructor(defs: Iterable<AnyNodeDefinition> = []) {
    for (const d of defs) this.add(d);
  }

  /** Registers a type. A second registration of the same type is an error unless `replace` is set. */
  add(def: AnyNodeDefinition, options: { source?: string; replace?: boolean } = {}): void {
    if (this.defs.has(def.type) && !options.replace) {
      throw new Error(
        `node type "${def.type}" is already registered by ${this.sources.get(def.type) ?? 'another module'}`,
      );
    }
    this.defs.set(def.type, def);
    this.infos.set(def.type, toTypeInfo(def));
    if (options.source) this.sources.set(def.type, options.source);
  }

  /**
   * Registers a family's routes, editor helpers and shutdown steps. The same extension object
   * registered again (a package shared by several families, such as the outbox) counts once; another
   * extension with the same id, or a route whose method and path another extension has, is an error.
   */
  addExtension(extension: FamilyExtension, options: { source?: string } = {}): void {
    const known = this.extensionsById.get(extension.id);
    if (known?.extension === extension) return;
    if (known)
      throw new Error(
        `family extension "${extension.id}" is already registered by ${known.source ?? 'another module'}`,
      );
    for (const route of extension.routes ?? []) {
      const key = routeKey(route);
      const clash = this.extensions().find((e) => e.routes?.some((r) => routeKey(r) === key));
      if (clash) throw new Error(`route ${key} of "${extension.id}" is already served by "${clash.id}"`);
    }
    this.extensionsById.set(extension.id, { extension, source: options.source });
  }

  /** The registered family extensions, in registration order. */
  extensions(): FamilyExtension[] {
    return [...this.extensionsById.values()].map((e) => e.extension);
  }

  definition(type: string): AnyNodeDefinition | undefined {
    return this.defs.get(type);
  }

  /** Validation view (NodeCatalog). */
  get(type: string): NodeTypeInfo | undefined {
    return this.infos.get(type);
  }

  types(): string[] {
    return [...this.defs.keys()].sort();
  }

  /** Module that registered a type (for discovery reports). */
  sourceOf(type: string): string | undefined {
    return this.sources.get(type);
  }

  /** Catalog entries for GET /api/nodes. */
  catalog(): NodeCatalogEntry[] {
    return this.types().map((t) => catalogEntry(this.defs.get(t) as AnyNodeDefinition));
  }
}

const routeKey = (r: { method: string; path: string }) => `${r.method} ${r.path.toLowerCase()}`;

function toTypeInfo(def: AnyNodeDefinition): NodeTypeInfo {
  const refs = configRefsOf(def);
  return {
    type: def.type,
    version: def.version,
    isConfig: def.isConfig === true,
    inputs: def.isConfig ? 0 : def.inputs,
    outputCount(config) {
      if (def.isConfig) return 0;
      if (!def.outputsFor) return def.outputs.length;
      const parsed = def.config.safeParse(config);
      return parsed.success ? def.outputsFor(parsed.data).length : def.outputs.length;
    },
    validateConfig(config): ConfigFault[] {
      const schema: ConfigSchema = def.config;
      const r = schema.safeParse(config);
      if (r.success) return [];
      return r.error.issues.map((i) => ({
        path: i.path.map((p) => (typeof p === 'number' ? p : String(p))),
        code: i.code,
        message: i.message,
      }));
    },
    configRefs: refs,
    nodeRefs: nodeRefsOf(def),
    migrate(from, config) {
      const step = def.migrations?.[from];
      if (!step) throw new Error(`no migration from version ${from}`);
      return step(config);
    },
  };
}

/** Builds the catalog entry the editor consumes. */
export function catalogEntry(def: AnyNodeDefinition): NodeCatalogEntry {
  const defaults = defaultsOf(def);
  const entry: NodeCatalogEntry = {
    type: def.type,
    version: def.version,
    category: def.category,
    label: def.label ?? def.type,
    description: def.description,
    isConfig: def.isConfig === true,
    inputs: def.isConfig ? 0 : def.inputs,
    outputs: def.isConfig ? [] : defaultOutputs(def, defaults),
    configSchema: toJsonSchema(def.config),
    defaults,
  };
  if (def.outputsFrom) entry.outputsFrom = def.outputsFrom;
  if (def.color) entry.color = def.color;
  if (def.icon) entry.icon = def.icon;
  if (def.inPalette === false) entry.inPalette = false;
  if (def.credentials) entry.credentialsSchema = toJsonSchema(def.credentials);
  return entry;
}

/** Port labels of a freshly dropped node. A config that needs required fields cannot default, so its static ports apply. */
function defaultOutputs(def: AnyNodeDefinition, defaults: Record<string, unknown>): string[] {
  if (!def.outputsFor) return [...def.outputs];
  const schema: ConfigSchema = def.config;
  const parsed = schema.safeParse(defaults);
  return parsed.success ? [...def.outputsFor(parsed.data)] : [...def.outputs];
}
