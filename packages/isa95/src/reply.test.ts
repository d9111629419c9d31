import { describe, expect, it } from 'vitest';
import { decodeB2mml } from './codec/decode.js';
import { encodeB2mml } from './codec/encode.js';
import { performance, workOrder, withVerb } from './test-support/fixtures.js';
import { failures, V0701_XSD, xmllint } from './test-support/xmllint.js';
import { isReplyTo, newApplicationArea, newBodId, originalBodIds, replyTo, toDateTime } from './reply.js';
import type { DocumentOf } from './model/document.js';

describe('replyTo', () => {
  it('answers Process with Acknowledge: swapped parties, OriginalApplicationArea, correlated by BODID', () => {
    const ack = replyTo(workOrder, undefined, {
      bodId: 'ack-1',
      creationDateTime: '2024-05-01T06:00:05Z',
      actionCode: 'Accepted',
    });
    expect(ack.verb).toBe('Acknowledge');
    expect(ack.noun).toBe('OperationsSchedule');
    expect(ack.applicationArea).toEqual({
      sender: { logicalId: 'MES' },
      receivers: [{ logicalId: 'ERP-PRD', componentId: 'PP' }],
      creationDateTime: '2024-05-01T06:00:05Z',
      bodId: 'ack-1',
    });
    expect(ack.verbArea).toEqual({
      originalApplicationArea: workOrder.applicationArea,
      responseCriteria: [{ responseExpression: { actionCode: 'Accepted' } }],
    });
    expect(ack.items).toEqual(workOrder.items);
    expect(isReplyTo(ack, workOrder)).toBe(true);
    expect(isReplyTo(ack, performance)).toBe(false);
    // The reply survives the wire.
    const back = decodeB2mml(encodeB2mml(ack));
    expect(back.ok && isReplyTo(back.doc, workOrder)).toBe(true);
  });

  it('answers Get with Show carrying the requested data, and Change with Respond', () => {
    const get = withVerb(performance, 'Get') as DocumentOf<'OperationsPerformance'>;
    const show = replyTo(get, 'Show', { items: performance.items });
    expect(show.verb).toBe('Show');
    expect(show.verbArea?.originalApplicationArea?.bodId).toBe('bod-2');
    const respond = replyTo(withVerb(workOrder, 'Change') as DocumentOf<'OperationsSchedule'>);
    expect(respond.verb).toBe('Respond');
    const confirm = replyTo(performance, 'Confirm', { descriptions: ['WO-1001 is closed'], actionCode: 'Rejected' });
    expect(confirm).toMatchObject({
      verb: 'Confirm',
      noun: 'BOD',
      items: [{ originalApplicationArea: performance.applicationArea, descriptions: ['WO-1001 is closed'] }],
    });
    expect(originalBodIds(confirm)).toEqual(['bod-2']);
    const xml = { show: encodeB2mml(show), respond: encodeB2mml(respond), confirm: encodeB2mml(confirm) };
    expect(failures(xmllint(xml, V0701_XSD))).toEqual({});
  });

  it('refuses a verb that does not answer the request', () => {
    expect(() => replyTo(performance)).toThrow(/does not answer Sync; answer it with a ConfirmBOD/);
    expect(() => replyTo(workOrder, 'Show')).toThrow(expect.objectContaining({ code: 'invalid_reply_verb' }));
    const get = withVerb(performance, 'Get') as DocumentOf<'OperationsPerformance'>;
    // Show items must fit the noun: the check runs on the reply, not only later on encode.
    expect(() => replyTo(get, 'Show', { items: workOrder.items })).toThrow(
      expect.objectContaining({ code: 'invalid_b2mml_model' }),
    );
  });
});

describe('helpers', () => {
  it('newApplicationArea stamps now and a fresh BODID', () => {
    const a = newApplicationArea({ sender: { logicalId: 'MES' } });
    expect(a.sender).toEqual({ logicalId: 'MES' });
    expect(Date.now() - Date.parse(a.creationDateTime)).toBeLessThan(5_000);
    expect(a.bodId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(Array.from({ length: 100 }, newBodId)).size).toBe(100);
  });

  it('toDateTime accepts dates, epoch ms and date strings, and refuses the rest', () => {
    expect(toDateTime(new Date(Date.UTC(2024, 4, 1, 8)))).toBe('2024-05-01T08:00:00.000Z');
    expect(toDateTime(Date.UTC(2024, 4, 1, 8))).toBe('2024-05-01T08:00:00.000Z');
    expect(toDateTime('2024-05-01T10:00:00+02:00')).toBe('2024-05-01T10:00:00+02:00');
    expect(toDateTime('May 1, 2024 08:00 UTC')).toBe('2024-05-01T08:00:00.000Z');
    expect(() => toDateTime('soon')).toThrow(expect.objectContaining({ code: 'invalid_date_time' }));
  });
});
