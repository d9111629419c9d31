import { z } from 'zod';

/**
 * The `enumNames` option of the nodes that emit values (read, subscribe): enumerations as
 * `{ value, name }`. On for new nodes; flows made with version 1 of a node keep the bare number
 * through `keepBareEnums` (decision 0035).
 */
export const enumNamesOption = z.boolean().default(true).meta({
  description:
    "Enumeration values as `{ value, name }` with the name from the server (the DataType's EnumStrings or EnumValues, asked once per session); off: the bare Int32. Arrays and matrices of enumerations alike. Nodes saved before version 2 keep the bare numbers (off).",
});

/**
 * Migration of a node config from before `enumNames`: it keeps the bare numbers it always sent. A
 * choice already in the config (an editor that wrote the field on a version-1 node) stays.
 */
export function keepBareEnums(config: Record<string, unknown>): Record<string, unknown> {
  return 'enumNames' in config ? config : { ...config, enumNames: false };
}
