// Test child: enqueues entries into the journal given as argv[2] forever, printing each id on
// stdout only after enqueue returned (i.e. after fsync), numbering from argv[3]. The parent
// SIGKILLs it at some point.
import { OutboxJournal } from '../journal.js';

const file = process.argv[2];
if (!file) throw new Error('usage: enqueue-child <journal>');
const journal = OutboxJournal.open<{ n: number }>(file);
let n = Number(process.argv[3] ?? 0);
const step = (): void => {
  const id = `m${n}`;
  journal.enqueue([{ id, idempotencyKey: id, request: { n } }]);
  if (n % 3 === 0) journal.ack(id); // acks interleaved, so the kill can hit either kind of write
  process.stdout.write(`${id}\n`);
  n++;
  setImmediate(step);
};
step();
