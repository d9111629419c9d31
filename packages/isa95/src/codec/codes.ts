/**
 * Enumerated codes, copied from the XSDs (`*1Type` restrictions of CodeType). V0600 and V0701
 * differ, so each version's spec checks against its own list.
 * @internal
 */

export const EQUIPMENT_LEVELS = [
  'Enterprise',
  'Site',
  'Area',
  'ProcessCell',
  'Unit',
  'ProductionLine',
  'WorkCell',
  'ProductionUnit',
  'StorageZone',
  'StorageUnit',
  'WorkCenter',
  'WorkUnit',
  'EquipmentModule',
  'ControlModule',
  'Other',
] as const;

export const DATA_TYPES = [
  ...['Amount', 'BinaryObject', 'Code', 'DateTime', 'Identifier', 'Indicator', 'Measure', 'Numeric', 'Quantity'],
  ...['Text', 'string', 'byte', 'unsignedByte', 'binary', 'integer', 'positiveInteger', 'negativeInteger'],
  ...['nonNegativeInteger', 'nonPositiveInteger', 'int', 'unsignedInt', 'long', 'unsignedLong', 'short'],
  ...['unsignedShort', 'decimal', 'float', 'double', 'boolean', 'time', 'timeInstant', 'timePeriod', 'duration'],
  ...['date', 'dateTime', 'month', 'year', 'century', 'recurringDay', 'recurringDate', 'recurringDuration'],
  ...['Name', 'QName', 'NCName', 'uriReference', 'language', 'ID', 'IDREF', 'IDREFS', 'ENTITY', 'ENTITIES'],
  ...['NOTATION', 'NMTOKEN', 'NMTOKENS', 'Enumeration', 'SVG', 'Other'],
] as const;

export const CONFIRMATION_CODES = ['Always', 'Never', 'OnError'] as const;
export const RESPONSE_CODES = ['Always', 'OnError'] as const;

/** B2MML V0701 code lists. */
export const V0701_CODES = {
  operationsType: ['Production', 'Maintenance', 'Quality', 'Inventory', 'Mixed', 'Other'],
  requestState: [
    ...['Forecast', 'Released', 'Waiting', 'Cancelled', 'Ready', 'Running', 'Completed', 'Aborted', 'Held'],
    ...['Suspended', 'Closed', 'Other'],
  ],
  responseState: [
    ...['Waiting', 'Ready', 'Running', 'Completed', 'Aborted', 'Held', 'Paused', 'Suspended', 'Closed', 'Other'],
  ],
  materialUse: [
    ...['Consumable', 'Consumed', 'Produced', 'By-product Produced', 'Co-product Produced', 'Yield Produced'],
    ...['Material Consumed', 'Material Produced', 'Destructive Sample', 'Returned Sample', 'Retained Sample'],
    ...['Inventoried', 'Other'],
  ],
  disposition: ['Planned', 'In-Process', 'Restricted', 'UnRestricted', 'Closed', 'Other'],
  locationType: [
    ...['Operational Location ID', 'Operational Location', 'Equipment', 'Person', 'Physical Asset', 'Description'],
    'Other',
  ],
} as const;

/** B2MML V0600 code lists (the typos are MESA's). */
export const V0600_CODES = {
  requestState: ['Forecast', 'Released', 'Other'],
  responseState: ['Ready', 'Running', 'Completed', 'Aborted', 'Holding', 'Paused', 'Other'],
  materialUse: [
    ...['Consumed', 'Produced', 'Consumable', 'Replaced Assetn', 'Replacement Asset', 'Sample', 'Resurned Sample'],
    ...['Carrier', 'Returned Carrier', 'Other'],
  ],
} as const;
