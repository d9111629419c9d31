import { schemaRows, type NodeCatalogEntry, type SchemaRow } from '@millwright/model';

/** What the help tab shows for a node type: everything is read from its catalog entry (its schema). */
export interface NodeHelp {
  type: string;
  label: string;
  category: string;
  description: string;
  isConfig: boolean;
  inputs: number;
  outputs: string[];
  config: SchemaRow[];
  credentials: SchemaRow[];
  /** The node as stored in a flow file with its default config. */
  example: string;
}

/** Table cells are written for Markdown (generated docs); the tab shows them as text with code spans. */
const plain = (row: SchemaRow): SchemaRow => ({
  ...row,
  type: row.type.replace(/\\\|/g, '|'),
  description: row.description.replace(/\*\(([^)]*)\)\*/g, '($1)'),
});

/** The help of a node type: the same rows as its generated docs page (docs/nodes/<type>.md). */
export function nodeHelp(entry: NodeCatalogEntry): NodeHelp {
  const example = {
    id: `${entry.type}-1`,
    type: entry.type,
    typeVersion: entry.version,
    ...(entry.isConfig ? {} : { position: { x: 100, y: 100 } }),
    config: entry.defaults,
  };
  return {
    type: entry.type,
    label: entry.label,
    category: entry.category,
    description: entry.description,
    isConfig: entry.isConfig,
    inputs: entry.inputs,
    outputs: entry.outputs,
    config: schemaRows(entry.configSchema).map(plain),
    credentials: entry.credentialsSchema ? schemaRows(entry.credentialsSchema).map(plain) : [],
    example: JSON.stringify(example, null, 2),
  };
}
