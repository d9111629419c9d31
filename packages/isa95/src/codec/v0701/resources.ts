import { EQUIPMENT_LEVELS, V0701_CODES } from '../codes.js';
import { code, DATE_TIME, f, type ComplexSpec, type FieldSpec } from '../spec.js';
import { applicationAreaSpec } from '../transaction-spec.js';
import { hierarchyScope, location, property, quantity, recursive } from './common.js';

// B2MML-Material.xsd, B2MML-Equipment.xsd, B2MML-Personnel.xsd, B2MML-ConfirmBOD.xsd.

/** ID, Version, Description*, PublishedDate, EffectiveStartDate, EffectiveEndDate, HierarchyScope. */
const head: FieldSpec[] = [
  f.one('ID', 'id'),
  f.opt('Version', 'version'),
  f.many('Description', 'descriptions'),
  f.opt('PublishedDate', 'publishedDate', DATE_TIME),
  f.opt('EffectiveStartDate', 'effectiveStartDate', DATE_TIME),
  f.opt('EffectiveEndDate', 'effectiveEndDate', DATE_TIME),
  f.opt('HierarchyScope', 'hierarchyScope', hierarchyScope),
];

/** MaterialDefinitionType. */
export const materialDefinition: ComplexSpec = {
  name: 'MaterialDefinitionType',
  fields: [
    ...head,
    f.raw('SpatialDefinition'),
    f.many(
      'MaterialDefinitionProperty',
      'properties',
      property({
        name: 'MaterialDefinitionPropertyType',
        child: 'MaterialDefinitionPropertyChild',
        refs: ['MaterialClassPropertyID'],
        version: true,
        propertyType: true,
      }),
    ),
    f.many('MaterialClassID', 'materialClassIds'),
    ...['MaterialLotSourceID', 'TestSpecificationID', 'AssemblyDefinition', 'AssemblyType'].map(f.raw),
    f.raw('AssemblyRelationship'),
  ],
};

/** MaterialLotType. */
export const materialLot: ComplexSpec = {
  name: 'MaterialLotType',
  fields: [
    ...head,
    f.raw('SpatialDefinition'),
    f.opt('MaterialDefinitionID', 'materialDefinitionId'),
    f.opt('Status', 'status'),
    f.opt('Disposition', 'disposition', code(V0701_CODES.disposition)),
    f.many(
      'MaterialLotProperty',
      'properties',
      property({
        name: 'MaterialLotPropertyType',
        child: 'MaterialLotPropertyChild',
        refs: ['MaterialDefinitionPropertyID'],
      }),
    ),
    f.raw('MaterialSubLot'),
    f.opt('StorageLocation', 'storageLocation', location),
    f.many('Quantity', 'quantities', quantity),
    ...['TestSpecificationID', 'AssemblyLot', 'AssemblySubLot', 'AssemblyType', 'AssemblyRelationship'].map(f.raw),
  ],
};

/** EquipmentType. */
export const equipment: ComplexSpec = recursive('EquipmentType', (self) => [
  ...head,
  f.opt('EquipmentLevel', 'equipmentLevel', code(EQUIPMENT_LEVELS)),
  ...['SpatialDefinition', 'EquipmentAssetMapping'].map(f.raw),
  f.opt('PhysicalAssetID', 'physicalAssetId'),
  f.raw('OperationalLocation'),
  f.many(
    'EquipmentProperty',
    'properties',
    property({ name: 'EquipmentPropertyType', child: 'EquipmentPropertyChild', refs: ['EquipmentClassPropertyID'] }),
  ),
  f.many('EquipmentChild', 'children', self),
  f.many('EquipmentClassID', 'equipmentClassIds'),
  f.raw('TestSpecificationID'),
]);

/** EquipmentClassType. */
export const equipmentClass: ComplexSpec = {
  name: 'EquipmentClassType',
  fields: [
    ...head,
    f.opt('EquipmentLevel', 'equipmentLevel', code(EQUIPMENT_LEVELS)),
    f.many(
      'EquipmentClassProperty',
      'properties',
      property({
        name: 'EquipmentClassPropertyType',
        child: 'EquipmentClassPropertyChild',
        refs: [],
        propertyType: true,
      }),
    ),
    ...['EquipmentClassChild', 'EquipmentClassBaseID', 'EquipmentSourceID', 'TestSpecificationID'].map(f.raw),
  ],
};

/** PersonType. */
export const person: ComplexSpec = {
  name: 'PersonType',
  fields: [
    ...head,
    f.opt('PersonName', 'name'),
    ...['SpatialDefinition', 'OperationalLocation'].map(f.raw),
    f.many(
      'PersonProperty',
      'properties',
      property({ name: 'PersonPropertyType', child: 'PersonPropertyChild', refs: ['PersonnelClassPropertyID'] }),
    ),
    f.many('PersonnelClassID', 'personnelClassIds'),
    f.raw('TestSpecificationID'),
  ],
};

/** PersonnelClassType. */
export const personnelClass: ComplexSpec = {
  name: 'PersonnelClassType',
  fields: [
    ...head,
    f.raw('PersonnelClassBaseID'),
    f.many(
      'PersonnelClassProperty',
      'properties',
      property({
        name: 'PersonnelClassPropertyType',
        child: 'PersonnelClassPropertyChild',
        refs: [],
        propertyType: true,
      }),
    ),
    ...['PersonSourceID', 'TestSpecificationID'].map(f.raw),
  ],
};

/** BODType, the noun of ConfirmBOD (same in V0600). */
export const bod: ComplexSpec = {
  name: 'BODType',
  fields: [
    f.opt('OriginalApplicationArea', 'originalApplicationArea', applicationAreaSpec),
    f.many('Description', 'descriptions'),
    f.many('Note', 'notes'),
    f.raw('UserArea'),
  ],
};
