import {
  decodeB2mml,
  encodeB2mml,
  newApplicationArea,
  replyTo,
  type B2mmlDocument,
  type DocumentOf,
} from '@millwright/isa95';
import type { ValidationIssue } from '@millwright/model';

/** A performance report the simulated ERP accepted. */
export interface Report {
  /** Receipt number, 1 for the first accepted report. */
  seq: number;
  /** The `Idempotency-Key` header, if any. */
  idempotencyKey?: string;
  /** ApplicationArea BODID. */
  bodId?: string;
  /** OperationsPerformance ids in the document (`PERF-...`). */
  performanceIds: string[];
  /** Work orders the responses answer (OperationsRequestID). */
  workOrderIds: string[];
  /** B2MML version the report was written in. */
  version: string;
  /** Epoch ms. */
  receivedAt: number;
  /** The posted document as received (for tests that decode it). */
  xml: string;
}

/** Outcome of reading a posted report. */
export type ReadReport =
  | { ok: true; doc: B2mmlDocument; report: Omit<Report, 'seq' | 'receivedAt' | 'idempotencyKey' | 'xml'> }
  | { ok: false; status: number; code: string; message: string; issues?: ValidationIssue[] };

/**
 * Reads a posted body as a B2MML SyncOperationsPerformance (V0701) or SyncProductionPerformance
 * (V0600). Anything else is a 400 with the fault paths, the way a strict ERP answers.
 */
export function readReport(body: string): ReadReport {
  const decoded = decodeB2mml(body);
  if (!decoded.ok)
    return {
      ok: false,
      status: 400,
      code: 'invalid_b2mml',
      message: decoded.issues.map((i) => `${i.pathString}: ${i.message}`).join('; '),
      issues: decoded.issues,
    };
  const doc = decoded.doc;
  if (doc.noun !== 'OperationsPerformance' || doc.verb !== 'Sync')
    return {
      ok: false,
      status: 400,
      code: 'unexpected_document',
      message: `expected SyncOperationsPerformance, got ${doc.verb}${doc.noun}`,
    };
  const performanceIds = doc.items.map((p) => p.id).filter((id): id is string => id !== undefined);
  const workOrderIds = [
    ...new Set(
      doc.items.flatMap((p) =>
        (p.responses ?? []).flatMap((r) => [
          ...(r.operationsRequestIds ?? []),
          ...(r.segments ?? []).flatMap((s) => s.operationsRequestIds ?? []),
        ]),
      ),
    ),
  ];
  return {
    ok: true,
    doc,
    report: {
      ...(doc.applicationArea.bodId !== undefined ? { bodId: doc.applicationArea.bodId } : {}),
      performanceIds,
      workOrderIds,
      version: decoded.version,
    },
  };
}

/** The ConfirmBOD the ERP answers an accepted report with (sender `ERP`). */
export function confirmXml(doc: B2mmlDocument): string {
  return encodeB2mml(replyTo(doc, 'Confirm', { sender: { logicalId: 'ERP' }, actionCode: 'Accepted' }));
}

/**
 * A B2MML V0701 SyncOperationsPerformance reporting good and reject counts for one work order:
 * what the MES posts to the ERP. For tests and the demo.
 */
export function performanceReportXml(args: {
  /** OperationsPerformance id, unique per report. */
  id: string;
  workOrder: string;
  good: number;
  reject?: number;
  bodId?: string;
  material?: string;
}): string {
  const doc: DocumentOf<'OperationsPerformance'> = {
    verb: 'Sync',
    noun: 'OperationsPerformance',
    applicationArea: newApplicationArea({
      sender: { logicalId: 'MES' },
      receivers: [{ logicalId: 'ERP' }],
      ...(args.bodId !== undefined ? { bodId: args.bodId } : {}),
    }),
    items: [
      {
        id: args.id,
        operationsType: 'Production',
        responses: [
          {
            id: `${args.id}-R1`,
            operationsRequestIds: [args.workOrder],
            segments: [
              {
                id: `${args.id}-S1`,
                materialActuals: [
                  {
                    id: `${args.id}-M1`,
                    ...(args.material ? { materialDefinitionIds: [args.material] } : {}),
                    materialUse: 'Produced',
                    quantities: [
                      { value: args.good, unit: 'pcs', key: 'Good' },
                      { value: args.reject ?? 0, unit: 'pcs', key: 'Reject' },
                    ],
                  },
                ],
              },
            ],
          },
        ],
      },
    ],
  };
  return encodeB2mml(doc);
}
