import { fromZodIssues, UserError } from '@millwright/model';
import { z } from 'zod';
import { SEVERITIES, type QualityEventKind } from './config.js';

const id = z.string().min(1);
const optionalText = z.string().min(1).optional();

/** What every event is tied to: the lot, its work order, the equipment and the product revision. */
const context = {
  id: optionalText,
  lot: id,
  workOrder: id,
  equipment: optionalText,
  product: optionalText,
  productRevision: optionalText,
  description: optionalText,
  time: z.union([z.string().min(1), z.number().finite()]).optional(),
};

const inspection = z.object({
  ...context,
  characteristic: id,
  measured: z.number().finite(),
  unit: optionalText,
  lowerLimit: z.number().finite().optional(),
  upperLimit: z.number().finite().optional(),
  /** Given or worked out from the limits. */
  result: z.enum(['pass', 'fail']).optional(),
});

const nonConformance = z.object({
  ...context,
  description: id,
  severity: z.enum(SEVERITIES).optional(),
  defectCode: optionalText,
  /** Amount affected. */
  quantity: z.number().finite().nonnegative().optional(),
  unit: optionalText,
  characteristic: optionalText,
  measured: z.number().finite().optional(),
});

const deviation = z.object({
  ...context,
  description: id,
  severity: z.enum(SEVERITIES).optional(),
  /** The process parameter that departs, e.g. `TemperatureSetpoint`. */
  parameter: optionalText,
  plannedValue: z.union([z.number().finite(), z.string()]).optional(),
  actualValue: z.union([z.number().finite(), z.string()]).optional(),
  /** A planned deviation's end (ISO 8601). */
  validUntil: optionalText,
});

const PAYLOADS = { 'inspection-result': inspection, 'non-conformance': nonConformance, deviation } as const;

/** The structured record a QMS receives (JSON). */
export type QualityEventRecord = {
  id: string;
  kind: QualityEventKind;
  /** ISO 8601 production time of the finding. */
  time: string;
  lot: string;
  workOrder: string;
  equipment: string;
  product?: string;
  productRevision?: string;
  source?: string;
  description?: string;
  severity?: (typeof SEVERITIES)[number];
} & Record<string, unknown>;

/**
 * A non-conformance event of quality-check (`type: 'non-conformance'`, `kind` specification or
 * control) as this node's payload: characteristic, value and rule become the finding.
 */
function fromQualityCheck(p: Record<string, unknown>): Record<string, unknown> {
  const { type: _t, kind: ncKind, value, rule, ruleName, chart: _c, limits: _l, messageId: _m, ...rest } = p;
  return {
    ...rest,
    ...(typeof value === 'number' ? { measured: value } : {}),
    description:
      typeof p['description'] === 'string'
        ? p['description']
        : `${String(p['characteristic'])}: ${String(ruleName ?? rule)} (${String(ncKind)})`,
    ...(rest['lot'] === null ? { lot: undefined } : {}),
    ...(rest['workOrder'] === null ? { workOrder: undefined } : {}),
    ...(rest['unit'] === null ? { unit: undefined } : {}),
  };
}

/**
 * Builds the record of one event from a message payload.
 * @throws UserError `invalid_quality_event` naming the first field that is missing or wrong.
 */
export function buildRecord(args: {
  payload: unknown;
  kind: QualityEventKind | 'from-payload';
  defaults: { severity: (typeof SEVERITIES)[number]; equipment: string; source: string; requireRevision: boolean };
  messageId: string;
  /** Epoch ms of the event: the payload's `time` read by the caller, else the production time. */
  time: (raw: string | number | undefined) => number;
}): QualityEventRecord {
  const raw = args.payload;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new UserError('invalid_quality_event', 'payload: expected an object describing the quality event');
  const fromCheck = (raw as Record<string, unknown>)['type'] === 'non-conformance';
  const p = fromCheck ? fromQualityCheck(raw as Record<string, unknown>) : (raw as Record<string, unknown>);
  const kind = fromCheck ? 'non-conformance' : args.kind === 'from-payload' ? p['kind'] : args.kind;
  if (kind !== 'inspection-result' && kind !== 'non-conformance' && kind !== 'deviation')
    throw new UserError(
      'invalid_quality_event',
      `payload.kind: expected inspection-result, non-conformance or deviation, got ${JSON.stringify(kind)}`,
    );
  const parsed = PAYLOADS[kind].safeParse(p);
  if (!parsed.success) {
    const first = fromZodIssues(parsed.error.issues, ['payload'])[0];
    throw new UserError(
      'invalid_quality_event',
      `${kind}: ${first ? `${first.pathString}: ${first.message}` : 'invalid payload'}`,
    );
  }
  const { time, ...fields } = parsed.data;
  const equipment = fields.equipment ?? (args.defaults.equipment || undefined);
  if (!equipment)
    throw new UserError('invalid_quality_event', `${kind}: payload.equipment is missing and no default is set`);
  if (args.defaults.requireRevision && !fields.productRevision)
    throw new UserError(
      'invalid_quality_event',
      `${kind}: payload.productRevision is missing (the product revision the lot was made with)`,
    );
  const record: QualityEventRecord = {
    ...fields,
    id: fields.id ?? `QE-${args.messageId}`,
    kind,
    time: new Date(args.time(time)).toISOString(),
    lot: fields.lot,
    workOrder: fields.workOrder,
    equipment,
    ...(args.defaults.source ? { source: args.defaults.source } : {}),
  };
  if (kind === 'inspection-result' && record['result'] === undefined) {
    const { measured, lowerLimit, upperLimit } = parsed.data as z.infer<typeof inspection>;
    if (lowerLimit === undefined && upperLimit === undefined)
      throw new UserError('invalid_quality_event', 'inspection-result: payload.result or a limit is needed');
    const fail =
      (lowerLimit !== undefined && measured < lowerLimit) || (upperLimit !== undefined && measured > upperLimit);
    record['result'] = fail ? 'fail' : 'pass';
  }
  if (kind !== 'inspection-result' && record.severity === undefined) record.severity = args.defaults.severity;
  return record;
}
