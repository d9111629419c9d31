import { UserError } from '@millwright/model';
import type { ApplicationArea, Receiver, Sender } from './model/application-area.js';
import { XSD_DATE_TIME } from './model/common.js';
import type { B2mmlDocument, Bod, DocumentOf } from './model/document.js';
import { replyVerbOf } from './model/verbs.js';
import { B2mmlError } from './codec/b2mml.error.js';
import { parseDocument } from './codec/encode.js';

/** Documents that carry nouns (everything but ConfirmBOD). */
export type NounDocument = Exclude<B2mmlDocument, { noun: 'BOD' }>;

/** How a reply is addressed and what it says. */
export interface ReplyOptions {
  /** Defaults to the original's first receiver. */
  sender?: Sender;
  /** Defaults to the original's sender. */
  receivers?: Receiver[];
  /** Defaults to a new random id. */
  bodId?: string;
  /** Defaults to now. */
  creationDateTime?: string;
  /** Outcome written as ResponseCriteria/ResponseExpression, e.g. `Accepted`, `Modified`, `Rejected`. */
  actionCode?: string;
  /** Replies with these nouns instead of echoing the original's (Show answers a Get with data). */
  items?: NounDocument['items'];
  /** ConfirmBOD only: what to say about the original (an error text, typically). */
  descriptions?: string[];
}

/**
 * Builds the reply to a request: Get→Show, Process→Acknowledge, Change→Respond (the verb may be
 * left out), or `Confirm` for a ConfirmBOD to any message. The reply gets a new ApplicationArea
 * with sender and receiver swapped and quotes the original's as OriginalApplicationArea, so the
 * requester correlates it by BODID (see `isReplyTo`).
 * @throws UserError `invalid_reply_verb` when the verb does not answer the original (Sync and Cancel
 *   are answered only by ConfirmBOD).
 */
export function replyTo(doc: B2mmlDocument, verb: 'Confirm', options?: ReplyOptions): DocumentOf<'BOD'>;
export function replyTo<D extends NounDocument>(
  doc: D,
  verb?: 'Show' | 'Acknowledge' | 'Respond',
  options?: ReplyOptions,
): D;
export function replyTo(
  doc: B2mmlDocument,
  verb?: 'Show' | 'Acknowledge' | 'Respond' | 'Confirm',
  options: ReplyOptions = {},
): B2mmlDocument {
  const original = doc.applicationArea;
  const applicationArea = replyArea(original, options);
  const responseCriteria = options.actionCode
    ? [{ responseExpression: { actionCode: options.actionCode } }]
    : undefined;
  if (verb === 'Confirm') {
    const bod: Bod = { originalApplicationArea: original };
    if (options.descriptions?.length) bod.descriptions = options.descriptions;
    return {
      verb: 'Confirm',
      noun: 'BOD',
      applicationArea,
      verbArea: compact({ originalApplicationArea: original, responseCriteria }),
      items: [bod],
    };
  }
  if (doc.noun === 'BOD') throw new UserError('invalid_reply_verb', 'a ConfirmBOD is not answered');
  const expected = replyVerbOf(doc.verb);
  if (!expected || (verb !== undefined && verb !== expected)) {
    const answer = expected ? `answer it with ${expected}` : 'answer it with a ConfirmBOD (verb Confirm)';
    throw new UserError('invalid_reply_verb', `${verb ?? 'a reply'} does not answer ${doc.verb}; ${answer}`);
  }
  // Parsing checks that replacement items fit the noun.
  const reply = parseDocument({
    ...doc,
    verb: expected,
    applicationArea,
    verbArea: compact({ originalApplicationArea: original, responseCriteria }),
    items: options.items ?? doc.items,
  });
  if (!reply.ok) throw new B2mmlError('invalid_b2mml_model', reply.issues, 'reply');
  return reply.doc;
}

/** BODIDs of the messages a reply answers (its OriginalApplicationArea, or each BOD of a ConfirmBOD). */
export function originalBodIds(reply: B2mmlDocument): string[] {
  const areas = [reply.verbArea?.originalApplicationArea];
  if (reply.noun === 'BOD') for (const bod of reply.items) areas.push(bod.originalApplicationArea);
  return [...new Set(areas.map((a) => a?.bodId).filter((id): id is string => id !== undefined))];
}

/** Whether `reply` answers `original`, judged by BODID. False when the original has no BODID. */
export function isReplyTo(reply: B2mmlDocument, original: B2mmlDocument): boolean {
  const id = original.applicationArea.bodId;
  return id !== undefined && originalBodIds(reply).includes(id);
}

/** A fresh ApplicationArea: now, a random BODID, and the given sender/receivers. */
export function newApplicationArea(args: {
  sender?: Sender;
  receivers?: Receiver[];
  bodId?: string;
  creationDateTime?: string;
}): ApplicationArea {
  return compact({
    sender: args.sender,
    receivers: args.receivers,
    creationDateTime: args.creationDateTime ?? toDateTime(new Date()),
    bodId: args.bodId ?? newBodId(),
  });
}

/**
 * Converts a Date, epoch milliseconds or a parseable date string into an xsd:dateTime string.
 * @throws UserError `invalid_date_time` when the value is no date.
 */
export function toDateTime(value: Date | number | string): string {
  if (typeof value === 'string' && XSD_DATE_TIME.test(value)) return value;
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) throw new UserError('invalid_date_time', `"${String(value)}" is not a date`);
  return d.toISOString();
}

/** A random UUID-shaped BODID. Unique enough for correlation; not a secret. */
export function newBodId(): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((Number.parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

function replyArea(original: ApplicationArea, options: ReplyOptions): ApplicationArea {
  const firstReceiver = original.receivers?.[0];
  const sender =
    options.sender ??
    (firstReceiver && compact({ logicalId: firstReceiver.logicalId, componentId: firstReceiver.componentId }));
  const from = original.sender;
  const receivers =
    options.receivers ?? (from ? [compact({ logicalId: from.logicalId, componentId: from.componentId })] : undefined);
  return newApplicationArea(
    compact({ sender, receivers, bodId: options.bodId, creationDateTime: options.creationDateTime }),
  );
}

/** Drops keys whose value is undefined, so documents compare and print cleanly. */
function compact<T extends object>(o: T): T {
  for (const [k, v] of Object.entries(o)) if (v === undefined) Reflect.deleteProperty(o, k);
  return o;
}
