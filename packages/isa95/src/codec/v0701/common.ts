import { DATA_TYPES, EQUIPMENT_LEVELS, V0701_CODES } from '../codes.js';
import { code, f, DECIMAL, type ComplexSpec, type FieldSpec } from '../spec.js';

/** Builds a self-referencing type (a `*Child` element of its own type). */
export function recursive(name: string, build: (self: () => ComplexSpec) => FieldSpec[]): ComplexSpec {
  const spec: ComplexSpec = { name, fields: build(() => spec) };
  return spec;
}

/** QuantityValueType. */
export const quantity: ComplexSpec = {
  name: 'QuantityValueType',
  fields: [
    f.one('QuantityString', 'value', DECIMAL),
    f.opt('DataType', 'dataType', code(DATA_TYPES)),
    f.opt('UnitOfMeasure', 'unit'),
    f.opt('Key', 'key'),
  ],
};

/** ValueType. */
export const value: ComplexSpec = {
  name: 'ValueType',
  fields: [
    f.one('ValueString', 'value'),
    f.opt('DataType', 'dataType', code(DATA_TYPES)),
    f.opt('UnitOfMeasure', 'unit'),
    f.opt('Key', 'key'),
  ],
};

/** HierarchyScopeType: EquipmentID, then EquipmentElementLevel or EquipmentLevel (written). */
export const hierarchyScope: ComplexSpec = recursive('HierarchyScopeType', (self) => [
  f.one('EquipmentID', 'equipmentId'),
  { ...f.one('EquipmentLevel', 'equipmentLevel', code(EQUIPMENT_LEVELS)), aliases: ['EquipmentElementLevel'] },
  f.opt('HierarchyScopeChild', 'child', self),
]);

/** ParameterType. */
export const parameter: ComplexSpec = recursive('ParameterType', (self) => [
  f.one('ID', 'id'),
  f.many('Value', 'values', value),
  f.many('Description', 'descriptions'),
  f.raw('HierarchyScope'),
  f.many('ParameterChild', 'children', self),
  f.raw('ParameterSpecificationID'),
  f.raw('ProcessSegmentParameterID'),
]);

/** ResourceLocationType. */
export const location: ComplexSpec = {
  name: 'ResourceLocationType',
  fields: [
    f.one('Location', 'location'),
    f.one('LocationType', 'locationType', code(V0701_CODES.locationType)),
    f.raw('LocationChild'),
  ],
};

/**
 * A master-data property (MaterialLotPropertyType, EquipmentPropertyType...): ID, [Version],
 * Description*, [PropertyType], Value*, `{child}`*, then references to class/definition properties.
 */
export function property(args: {
  name: string;
  child: string;
  refs: readonly string[];
  propertyType?: boolean;
  version?: boolean;
}) {
  return recursive(args.name, (self) => [
    f.one('ID', 'id'),
    ...(args.version ? [f.raw('Version')] : []),
    f.many('Description', 'descriptions'),
    ...(args.propertyType ? [f.raw('PropertyType')] : []),
    f.many('Value', 'values', value),
    f.many(args.child, 'children', self),
    ...args.refs.map(f.raw),
  ]);
}

/**
 * A requirement or actual property (Op*RequirementPropertyType, Op*ActualPropertyType): ID,
 * Description*, Value*, Quantity*, then the child and the property references, whose order differs
 * (`childFirst` for actuals).
 */
export function segmentProperty(args: { name: string; child: string; refs: readonly string[]; childFirst: boolean }) {
  return recursive(args.name, (self) => {
    const child = f.many(args.child, 'children', self);
    const refs = args.refs.map(f.raw);
    return [
      f.one('ID', 'id'),
      f.many('Description', 'descriptions'),
      f.many('Value', 'values', value),
      f.many('Quantity', 'quantities', quantity),
      ...(args.childFirst ? [child, ...refs] : [...refs, child]),
      f.raw('RequiredByRequestedSegmentResponse'),
    ];
  });
}
