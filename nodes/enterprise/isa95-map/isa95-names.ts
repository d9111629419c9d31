import type { Noun, Verb } from '@millwright/isa95';

// The noun and verb names of @millwright/isa95 (NOUNS, VERBS), in the same order; isa95-names.test.ts
// checks they match. The config schema needs only the names, and importing @millwright/isa95 here
// would load its codec (fast-xml-parser) everywhere the node definitions are loaded.

/** The B2MML nouns the codec reads and writes. */
export const NOUNS = [
  'OperationsSchedule',
  'OperationsPerformance',
  'MaterialDefinition',
  'MaterialLot',
  'Equipment',
  'EquipmentClass',
  'Person',
  'PersonnelClass',
  'OperationsDefinition',
  'OperationsMaterialBill',
  'OperationsDefinitionInformation',
  'ProcessSegment',
] as const satisfies readonly Noun[];

/** The OAGIS verbs. */
export const VERBS = [
  'Get',
  'Show',
  'Process',
  'Acknowledge',
  'Change',
  'Respond',
  'Cancel',
  'Sync',
] as const satisfies readonly Verb[];
