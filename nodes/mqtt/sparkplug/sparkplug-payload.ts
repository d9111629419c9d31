import { UserError } from '@millwright/model';
import { unpackArray } from './array-values.js';
import {
  DATA_TYPES,
  dataTypeName,
  isArrayType,
  isBasicType,
  isDataTypeName,
  isInt32Type,
  isInt64Type,
  type DataTypeName,
} from './datatypes.js';
import { safe, uint64Of } from './integers.js';
import { ProtoReader, ProtoWriter, WIRE } from './protobuf.js';
import {
  readValue,
  typedValue,
  writeValue,
  type RawValue,
  type ScalarValue,
  type ValueFields,
} from './typed-values.js';

export { DATA_TYPES, isDataTypeName, type DataTypeName } from './datatypes.js';
export type { ArrayValue } from './array-values.js';
export type { ScalarValue } from './typed-values.js';

/*
 * The Sparkplug B 3.0 payload (Eclipse Tahu sparkplug_b.proto) in plain JS, every data type both
 * ways. The shape is documented for flow authors in nodes/mqtt/README.md ("Sparkplug B values").
 */

/** A DataSet: one type per column (basic types only), rows of cells; a cell without a value is null. */
export interface DataSet {
  columns: string[];
  types: DataTypeName[];
  rows: DataSetCell[][];
}
export type DataSetCell = number | bigint | boolean | string | null;

/** A template parameter; a definition may leave `value` out (no default). */
export interface TemplateParameter {
  name: string;
  type: DataTypeName;
  value?: number | bigint | boolean | string;
}

/**
 * A Template: a definition (`isDefinition: true`, in the NBIRTH, no `templateRef`) or an instance
 * (`isDefinition: false`, `templateRef` naming its definition). Members are metrics, so templates nest.
 */
export interface Template {
  isDefinition: boolean;
  templateRef?: string;
  version?: string;
  metrics: SparkplugMetric[];
  /** Always present on decode (maybe empty). */
  parameters?: TemplateParameter[];
}

/** Property values: basic types, or nested PropertySet / PropertySetList; null means is_null. */
export interface PropertyValue {
  type: DataTypeName;
  value?: number | bigint | boolean | string | PropertySet | PropertySet[] | null;
}
/** Metric properties by key, in wire order, e.g. `{ engUnit: { type: 'String', value: 'mm' } }`. */
export type PropertySet = Record<string, PropertyValue>;

export interface MetaData {
  isMultiPart?: boolean;
  contentType?: string;
  size?: number | bigint;
  seq?: number | bigint;
  fileName?: string;
  fileType?: string;
  md5?: string;
  description?: string;
}

/**
 * A metric value: numbers (64-bit types bigint beyond 2^53), booleans, strings, bytes (Bytes, File),
 * plain arrays (array types 22 to 34), a DataSet or a Template; null is a metric with is_null set.
 */
export type MetricValue = ScalarValue | DataSet | Template | null;

export interface SparkplugMetric {
  name?: string;
  alias?: number;
  /** ms since the epoch. */
  timestamp?: number;
  datatype: DataTypeName;
  isHistorical?: boolean;
  isTransient?: boolean;
  metadata?: MetaData;
  properties?: PropertySet;
  /** For DateTime, ms since the epoch. Absent: no value and no is_null (as in template definitions). */
  value?: MetricValue;
  /** Set on decode when the value is an extension, which Sparkplug does not define. */
  unsupported?: boolean;
}

export interface SparkplugPayload {
  /** ms since the epoch. */
  timestamp?: number;
  metrics: SparkplugMetric[];
  /** 0..255; absent on NDEATH. */
  seq?: number;
  uuid?: string;
  body?: Uint8Array;
}

/** Field numbers, sparkplug_b.proto. */
const P = { timestamp: 1, metrics: 2, seq: 3, uuid: 4, body: 5 } as const;
const M = {
  name: 1,
  alias: 2,
  timestamp: 3,
  datatype: 4,
  isHistorical: 5,
  isTransient: 6,
  isNull: 7,
  metadata: 8,
  properties: 9,
  dataset: 17,
  template: 18,
  extension: 19,
} as const;
const METRIC_VALUE: ValueFields = { int: 10, long: 11, float: 12, double: 13, bool: 14, string: 15, bytes: 16 };
const MD = { isMultiPart: 1, contentType: 2, size: 3, seq: 4, fileName: 5, fileType: 6, md5: 7, description: 8 };
const PS = { keys: 1, values: 2 } as const;
const PV = { type: 1, isNull: 2, propertySet: 9, propertySets: 10 } as const;
const PROPERTY_VALUE: ValueFields = { int: 3, long: 4, float: 5, double: 6, bool: 7, string: 8 };
const DS = { numOfColumns: 1, columns: 2, types: 3, rows: 4, rowElements: 1 } as const;
const DATASET_VALUE: ValueFields = { int: 1, long: 2, float: 3, double: 4, bool: 5, string: 6 };
const T = { version: 1, metrics: 2, parameters: 3, templateRef: 4, isDefinition: 5 } as const;
const TP = { name: 1, type: 2 } as const;
const PARAMETER_VALUE: ValueFields = { int: 3, long: 4, float: 5, double: 6, bool: 7, string: 8 };

type Bad = (why: string) => UserError;

/**
 * Encodes a Sparkplug B payload, fields in field-number order as protoc and protobufjs write them.
 * Throws UserError `sparkplug_bad_metric` when a value does not fit its data type.
 */
export function encodePayload(payload: SparkplugPayload): Uint8Array {
  const w = new ProtoWriter();
  if (payload.timestamp !== undefined) w.uint(P.timestamp, payload.timestamp);
  for (const m of payload.metrics) w.message(P.metrics, (mw) => encodeMetric(mw, m, 'metric'));
  if (payload.seq !== undefined) w.uint(P.seq, payload.seq);
  if (payload.uuid !== undefined) w.string(P.uuid, payload.uuid);
  if (payload.body !== undefined) w.bytes(P.body, payload.body);
  return w.finish();
}

function encodeMetric(w: ProtoWriter, m: SparkplugMetric, path: string): void {
  const where = `${path} ${m.name ?? (m.alias !== undefined ? `alias ${m.alias}` : '?')}`;
  const bad: Bad = (why) => new UserError('sparkplug_bad_metric', `${where} (${m.datatype}): ${why}`);
  if (!isDataTypeName(m.datatype)) throw bad('unknown datatype');
  if (m.name !== undefined) w.string(M.name, m.name);
  if (m.alias !== undefined) w.uint(M.alias, m.alias);
  if (m.timestamp !== undefined) w.uint(M.timestamp, m.timestamp);
  w.uint(M.datatype, DATA_TYPES[m.datatype]);
  if (m.isHistorical) w.bool(M.isHistorical, true);
  if (m.isTransient) w.bool(M.isTransient, true);
  if (m.value === null) w.bool(M.isNull, true);
  if (m.metadata !== undefined) w.message(M.metadata, (mw) => encodeMetaData(mw, m.metadata ?? {}, bad));
  if (m.properties !== undefined) w.message(M.properties, (pw) => encodePropertySet(pw, m.properties ?? {}, bad));
  const v = m.value;
  if (v === null || v === undefined) return;
  if (writeValue(w, METRIC_VALUE, m.datatype, v, bad)) return;
  if (m.datatype === 'DataSet') w.message(M.dataset, (dw) => encodeDataSet(dw, v, bad));
  else if (m.datatype === 'Template') w.message(M.template, (tw) => encodeTemplate(tw, v, bad, where));
  else if (m.datatype === 'PropertySet' || m.datatype === 'PropertySetList')
    throw bad('a metric has no field for a property set value: use `properties`, or a property of this type');
  else throw bad('a metric of this data type cannot carry a value');
}

function encodeMetaData(w: ProtoWriter, md: MetaData, bad: Bad): void {
  const str = (field: number, v: unknown, key: string) => {
    if (v === undefined) return;
    if (typeof v !== 'string') throw bad(`metadata ${key} must be a string`);
    w.string(field, v);
  };
  if (md.isMultiPart !== undefined) w.bool(MD.isMultiPart, md.isMultiPart === true);
  str(MD.contentType, md.contentType, 'contentType');
  if (md.size !== undefined)
    w.uint(
      MD.size,
      uint64Of(md.size, (why) => bad(`metadata size: ${why}`)),
    );
  if (md.seq !== undefined)
    w.uint(
      MD.seq,
      uint64Of(md.seq, (why) => bad(`metadata seq: ${why}`)),
    );
  str(MD.fileName, md.fileName, 'fileName');
  str(MD.fileType, md.fileType, 'fileType');
  str(MD.md5, md.md5, 'md5');
  str(MD.description, md.description, 'description');
}

function encodePropertySet(w: ProtoWriter, set: unknown, bad: Bad): void {
  if (!isPlainObject(set)) throw bad('a property set must be an object { key: { type, value } }');
  const entries = Object.entries(set);
  for (const [key] of entries) w.string(PS.keys, key);
  for (const [key, pv] of entries) w.message(PS.values, (pw) => encodePropertyValue(pw, key, pv, bad));
}

function encodePropertyValue(w: ProtoWriter, key: string, pv: unknown, outer: Bad): void {
  const bad: Bad = (why) => outer(`property ${key}: ${why}`);
  if (!isPlainObject(pv)) throw bad('expected { type, value }');
  const type: unknown = pv['type'];
  if (!isDataTypeName(type)) throw bad(`unknown type ${String(type)}`);
  const v = pv['value'];
  w.uint(PV.type, DATA_TYPES[type]);
  if (v === null) w.bool(PV.isNull, true);
  if (v === null || v === undefined) return;
  if (type === 'PropertySet') w.message(PV.propertySet, (sw) => encodePropertySet(sw, v, bad));
  else if (type === 'PropertySetList') {
    if (!Array.isArray(v)) throw bad('a PropertySetList value must be an array of property sets');
    w.message(PV.propertySets, (lw) => {
      for (const set of v) lw.message(1, (sw) => encodePropertySet(sw, set, bad));
    });
  } else if (!isBasicType(type) || !writeValue(w, PROPERTY_VALUE, type, v, bad))
    throw bad(`${type} cannot be a property value (basic types, PropertySet and PropertySetList only)`);
}

function encodeDataSet(w: ProtoWriter, ds: unknown, bad: Bad): void {
  if (!isPlainObject(ds)) throw bad('expected a DataSet { columns, types, rows }');
  const { columns, types, rows } = ds;
  if (!Array.isArray(columns) || !columns.every((c) => typeof c === 'string'))
    throw bad('DataSet columns must be an array of strings');
  if (!Array.isArray(types) || types.length !== columns.length)
    throw bad(`DataSet types must be an array with one type per column (${columns.length})`);
  for (const t of types)
    if (!isDataTypeName(t) || !isBasicType(t)) throw bad(`DataSet column type ${String(t)} is not a basic type`);
  if (!Array.isArray(rows)) throw bad('DataSet rows must be an array of arrays');
  const colTypes = types as DataTypeName[];
  w.uint(DS.numOfColumns, columns.length);
  for (const c of columns as string[]) w.string(DS.columns, c);
  for (const t of colTypes) w.uint(DS.types, DATA_TYPES[t]);
  rows.forEach((row: unknown, r) => {
    if (!Array.isArray(row) || row.length !== columns.length)
      throw bad(`DataSet row ${r} must be an array of ${columns.length} cells`);
    w.message(DS.rows, (rw) => {
      row.forEach((cell: unknown, c) => {
        const type = colTypes[c] ?? 'Unknown';
        rw.message(DS.rowElements, (cw) => {
          if (cell !== null && cell !== undefined)
            writeValue(cw, DATASET_VALUE, type, cell, (why) => bad(`DataSet row ${r} column ${c}: ${why}`));
        });
      });
    });
  });
}

function encodeTemplate(w: ProtoWriter, t: unknown, bad: Bad, where: string): void {
  if (!isPlainObject(t) || typeof t['isDefinition'] !== 'boolean' || !Array.isArray(t['metrics']))
    throw bad('expected a Template { isDefinition, metrics, templateRef?, version?, parameters? }');
  const { isDefinition, templateRef, version, metrics, parameters } = t;
  // Sparkplug 3.0: a definition omits template_ref; an instance names its definition.
  if (isDefinition && templateRef !== undefined) throw bad('a template definition has no templateRef');
  if (!isDefinition && typeof templateRef !== 'string') throw bad('a template instance needs a templateRef');
  if (version !== undefined && typeof version !== 'string') throw bad('template version must be a string');
  if (parameters !== undefined && !Array.isArray(parameters)) throw bad('template parameters must be an array');
  if (version !== undefined) w.string(T.version, version);
  for (const m of metrics as unknown[]) {
    if (!isPlainObject(m)) throw bad('template members must be metrics { name, datatype, value }');
    w.message(T.metrics, (mw) => encodeMetric(mw, m as unknown as SparkplugMetric, `${where} member`));
  }
  for (const p of (parameters ?? []) as unknown[]) w.message(T.parameters, (pw) => encodeParameter(pw, p, bad));
  if (typeof templateRef === 'string') w.string(T.templateRef, templateRef);
  w.bool(T.isDefinition, isDefinition);
}

function encodeParameter(w: ProtoWriter, p: unknown, outer: Bad): void {
  if (!isPlainObject(p) || typeof p['name'] !== 'string') throw outer('a template parameter needs a name');
  const { name, type, value } = p;
  const bad: Bad = (why) => outer(`parameter ${String(name)}: ${why}`);
  if (!isDataTypeName(type) || !isBasicType(type)) throw bad(`type ${String(type)} is not a basic type`);
  w.string(TP.name, name);
  w.uint(TP.type, DATA_TYPES[type]);
  if (value !== undefined && value !== null) writeValue(w, PARAMETER_VALUE, type, value, bad);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v) && !(v instanceof Date);
}

/**
 * A metric decoded without a data type (data messages may leave it out; Sparkplug 3.0 advises so)
 * read as the type its birth declared: integers at their width and sign, array bytes unpacked.
 * Bytes that do not unpack as that array type stay raw, with the type Unknown.
 */
export function withDataType(m: SparkplugMetric, datatype: DataTypeName): SparkplugMetric {
  if (m.datatype !== 'Unknown') return m;
  const v = m.value;
  if ((isInt32Type(datatype) || isInt64Type(datatype)) && (typeof v === 'bigint' || Number.isInteger(v)))
    return { ...m, datatype, value: typedValue(datatype, BigInt(v as number | bigint)) };
  if (isArrayType(datatype) && v instanceof Uint8Array) {
    try {
      return { ...m, datatype, value: unpackArray(datatype, v) };
    } catch {
      return m;
    }
  }
  return { ...m, datatype };
}

/** Decodes a Sparkplug B payload. Throws UserError `sparkplug_bad_payload` for malformed bytes. */
export function decodePayload(bytes: Uint8Array): SparkplugPayload {
  try {
    const r = new ProtoReader(bytes);
    const out: SparkplugPayload = { metrics: [] };
    for (let f = r.next(); f; f = r.next()) {
      if (f.field === P.timestamp && f.wire === WIRE.VARINT) out.timestamp = Number(r.varint());
      else if (f.field === P.metrics && f.wire === WIRE.LEN) out.metrics.push(decodeMetric(r.bytes()));
      else if (f.field === P.seq && f.wire === WIRE.VARINT) out.seq = Number(r.varint());
      else if (f.field === P.uuid && f.wire === WIRE.LEN) out.uuid = r.string();
      else if (f.field === P.body && f.wire === WIRE.LEN) out.body = r.bytes();
      else r.skip(f.wire);
    }
    return out;
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(
      'sparkplug_bad_payload',
      `not a Sparkplug B payload: ${err instanceof Error ? err.message : String(err)}`,
      err,
    );
  }
}

function decodeMetric(bytes: Uint8Array): SparkplugMetric {
  const r = new ProtoReader(bytes);
  const m: SparkplugMetric = { datatype: 'Unknown' };
  let raw: RawValue | undefined;
  let complex: DataSet | Template | undefined;
  let isNull = false;
  for (let f = r.next(); f; f = r.next()) {
    const { field, wire } = f;
    const varint = wire === WIRE.VARINT;
    const len = wire === WIRE.LEN;
    if (field === M.name && len) m.name = r.string();
    else if (field === M.alias && varint) m.alias = Number(r.varint());
    else if (field === M.timestamp && varint) m.timestamp = Number(r.varint());
    else if (field === M.datatype && varint) m.datatype = dataTypeName(Number(r.varint()));
    else if (field === M.isHistorical && varint) m.isHistorical = r.varint() !== 0n;
    else if (field === M.isTransient && varint) m.isTransient = r.varint() !== 0n;
    else if (field === M.isNull && varint) isNull = r.varint() !== 0n;
    else if (field === M.metadata && len) m.metadata = decodeMetaData(r.bytes());
    else if (field === M.properties && len) m.properties = decodePropertySet(r.bytes());
    else if (field === M.dataset && len) complex = decodeDataSet(r.bytes());
    else if (field === M.template && len) complex = decodeTemplate(r.bytes());
    else if (field === M.extension) {
      m.unsupported = true;
      r.skip(wire);
    } else {
      const v = readValue(r, field, wire, METRIC_VALUE);
      if (v !== undefined) raw = v;
      else r.skip(wire);
    }
  }
  if (isNull) m.value = null;
  else if (complex !== undefined) m.value = complex;
  else if (raw !== undefined) m.value = typedValue(m.datatype, raw);
  return m;
}

function decodeMetaData(bytes: Uint8Array): MetaData {
  const r = new ProtoReader(bytes);
  const md: MetaData = {};
  for (let f = r.next(); f; f = r.next()) {
    const { field, wire } = f;
    if (wire === WIRE.VARINT && field === MD.isMultiPart) md.isMultiPart = r.varint() !== 0n;
    else if (wire === WIRE.VARINT && field === MD.size) md.size = safe(r.varint());
    else if (wire === WIRE.VARINT && field === MD.seq) md.seq = safe(r.varint());
    else if (wire === WIRE.LEN && field === MD.contentType) md.contentType = r.string();
    else if (wire === WIRE.LEN && field === MD.fileName) md.fileName = r.string();
    else if (wire === WIRE.LEN && field === MD.fileType) md.fileType = r.string();
    else if (wire === WIRE.LEN && field === MD.md5) md.md5 = r.string();
    else if (wire === WIRE.LEN && field === MD.description) md.description = r.string();
    else r.skip(wire);
  }
  return md;
}

function decodePropertySet(bytes: Uint8Array): PropertySet {
  const r = new ProtoReader(bytes);
  const keys: string[] = [];
  const values: PropertyValue[] = [];
  for (let f = r.next(); f; f = r.next()) {
    if (f.field === PS.keys && f.wire === WIRE.LEN) keys.push(r.string());
    else if (f.field === PS.values && f.wire === WIRE.LEN) values.push(decodePropertyValue(r.bytes()));
    else r.skip(f.wire);
  }
  // tck-id-payloads-propertyset-keys-array-size: one value per key.
  if (keys.length !== values.length)
    throw new Error(`property set with ${keys.length} keys and ${values.length} values`);
  // fromEntries defines own properties, so a key such as "__proto__" stays data.
  return Object.fromEntries(values.map((v, i) => [keys[i] ?? '', v]));
}

function decodePropertyValue(bytes: Uint8Array): PropertyValue {
  const r = new ProtoReader(bytes);
  const pv: PropertyValue = { type: 'Unknown' };
  let raw: RawValue | undefined;
  let nested: PropertySet | PropertySet[] | undefined;
  let isNull = false;
  for (let f = r.next(); f; f = r.next()) {
    const { field, wire } = f;
    if (field === PV.type && wire === WIRE.VARINT) pv.type = dataTypeName(Number(r.varint()));
    else if (field === PV.isNull && wire === WIRE.VARINT) isNull = r.varint() !== 0n;
    else if (field === PV.propertySet && wire === WIRE.LEN) nested = decodePropertySet(r.bytes());
    else if (field === PV.propertySets && wire === WIRE.LEN) nested = decodePropertySetList(r.bytes());
    else {
      const v = readValue(r, field, wire, PROPERTY_VALUE);
      if (v !== undefined) raw = v;
      else r.skip(wire);
    }
  }
  if (isNull) pv.value = null;
  else if (nested !== undefined) pv.value = nested;
  else if (raw !== undefined) pv.value = typedValue(pv.type, raw) as PropertyValue['value'];
  return pv;
}

function decodePropertySetList(bytes: Uint8Array): PropertySet[] {
  const r = new ProtoReader(bytes);
  const out: PropertySet[] = [];
  for (let f = r.next(); f; f = r.next()) {
    if (f.field === 1 && f.wire === WIRE.LEN) out.push(decodePropertySet(r.bytes()));
    else r.skip(f.wire);
  }
  return out;
}

function decodeDataSet(bytes: Uint8Array): DataSet {
  const r = new ProtoReader(bytes);
  const ds: DataSet = { columns: [], types: [], rows: [] };
  const rows: Array<Array<RawValue | undefined>> = [];
  for (let f = r.next(); f; f = r.next()) {
    const { field, wire } = f;
    if (field === DS.columns && wire === WIRE.LEN) ds.columns.push(r.string());
    else if (field === DS.types && wire === WIRE.VARINT) ds.types.push(dataTypeName(Number(r.varint())));
    else if (field === DS.types && wire === WIRE.LEN) {
      // A packed repeated field, as proto3 writers and some proto2 ones send it.
      const packed = new ProtoReader(r.bytes());
      while (!packed.done()) ds.types.push(dataTypeName(Number(packed.varint())));
    } else if (field === DS.rows && wire === WIRE.LEN) rows.push(decodeRow(r.bytes()));
    else r.skip(wire); // num_of_columns is the length of columns
  }
  ds.rows = rows.map((row) =>
    row.map((raw, c) => (raw === undefined ? null : (typedValue(ds.types[c] ?? 'Unknown', raw) as DataSetCell))),
  );
  return ds;
}

function decodeRow(bytes: Uint8Array): Array<RawValue | undefined> {
  const r = new ProtoReader(bytes);
  const cells: Array<RawValue | undefined> = [];
  for (let f = r.next(); f; f = r.next()) {
    if (f.field !== DS.rowElements || f.wire !== WIRE.LEN) {
      r.skip(f.wire);
      continue;
    }
    const cr = new ProtoReader(r.bytes());
    let raw: RawValue | undefined;
    for (let g = cr.next(); g; g = cr.next()) {
      const v = readValue(cr, g.field, g.wire, DATASET_VALUE);
      if (v !== undefined) raw = v;
      else cr.skip(g.wire);
    }
    cells.push(raw);
  }
  return cells;
}

function decodeTemplate(bytes: Uint8Array): Template {
  const r = new ProtoReader(bytes);
  const t: Template = { isDefinition: false, metrics: [], parameters: [] };
  for (let f = r.next(); f; f = r.next()) {
    const { field, wire } = f;
    if (field === T.version && wire === WIRE.LEN) t.version = r.string();
    else if (field === T.metrics && wire === WIRE.LEN) t.metrics.push(decodeMetric(r.bytes()));
    else if (field === T.parameters && wire === WIRE.LEN) t.parameters?.push(decodeParameter(r.bytes()));
    else if (field === T.templateRef && wire === WIRE.LEN) t.templateRef = r.string();
    else if (field === T.isDefinition && wire === WIRE.VARINT) t.isDefinition = r.varint() !== 0n;
    else r.skip(wire);
  }
  return t;
}

function decodeParameter(bytes: Uint8Array): TemplateParameter {
  const r = new ProtoReader(bytes);
  const p: TemplateParameter = { name: '', type: 'Unknown' };
  let raw: RawValue | undefined;
  for (let f = r.next(); f; f = r.next()) {
    const { field, wire } = f;
    if (field === TP.name && wire === WIRE.LEN) p.name = r.string();
    else if (field === TP.type && wire === WIRE.VARINT) p.type = dataTypeName(Number(r.varint()));
    else {
      const v = readValue(r, field, wire, PARAMETER_VALUE);
      if (v !== undefined) raw = v;
      else r.skip(wire);
    }
  }
  if (raw !== undefined) p.value = typedValue(p.type, raw) as TemplateParameter['value'];
  return p;
}
