import { describe, expect, it } from 'vitest';
import type { GenealogyEdge } from './edge.js';
import { GenealogyStore } from './genealogy-store.js';
import { traceLot, type TraceNode } from './trace.js';

const T = (h: number) => `2024-05-01T${String(h).padStart(2, '0')}:00:00.000Z`;
const e = (consumedLot: string, producedLot: string, extra: Partial<GenealogyEdge> = {}): GenealogyEdge => ({
  consumedLot,
  producedLot,
  time: T(8),
  ...extra,
});

/**
 * Resin lots R1, R2 and colorant C1 are mixed into batch B1 (WO-1 on MIXER-1); B1 and cap lot K1 are
 * assembled into finished lots F1 and F2 (WO-2 on LINE-1).
 */
function plant(): GenealogyStore {
  const s = GenealogyStore.open(null);
  s.append([
    e('R1', 'B1', {
      material: 'resin',
      producedMaterial: 'compound',
      quantity: 5,
      unit: 'kg',
      workOrder: 'WO-1',
      equipment: 'MIXER-1',
      time: T(8),
    }),
    e('R1', 'B1', { material: 'resin', quantity: 7, unit: 'kg', workOrder: 'WO-1', equipment: 'MIXER-1', time: T(9) }),
    e('R2', 'B1', { material: 'resin', quantity: 10, unit: 'kg', workOrder: 'WO-1', equipment: 'MIXER-1' }),
    e('C1', 'B1', { material: 'colorant', quantity: 200, unit: 'g', workOrder: 'WO-1', equipment: 'MIXER-1' }),
    e('B1', 'F1', {
      material: 'compound',
      producedMaterial: 'bottle',
      quantity: 8,
      unit: 'kg',
      workOrder: 'WO-2',
      equipment: 'LINE-1',
    }),
    e('K1', 'F1', { material: 'cap', quantity: 1000, unit: 'pcs', workOrder: 'WO-2', equipment: 'LINE-1' }),
    e('B1', 'F2', { material: 'compound', quantity: 4, unit: 'kg', workOrder: 'WO-2', equipment: 'LINE-1' }),
  ]);
  return s;
}

/** The tree as `lot(children...)` text, for compact assertions. */
const shape = (n: TraceNode): string =>
  `${n.lot}${n.cycle ? '!' : ''}${n.truncated ? '…' : ''}${n.children.length ? `(${n.children.map(shape).join(' ')})` : ''}`;

describe('traceLot', () => {
  it('backward from a finished lot reaches every raw material lot', () => {
    const r = traceLot(plant(), { lot: 'F1', direction: 'backward', depth: 10 });
    expect(shape(r.tree)).toBe('F1(B1(R1 R2 C1) K1)');
    expect(r).toMatchObject({ found: true, truncated: false, lots: ['B1', 'C1', 'K1', 'R1', 'R2'] });
    expect(r.tree.material).toBe('bottle');
    const b1 = r.tree.children[0];
    expect(b1).toMatchObject({
      lot: 'B1',
      material: 'compound',
      quantity: 8,
      unit: 'kg',
      workOrders: ['WO-2'],
      equipment: ['LINE-1'],
    });
    // Two consumption events of R1 into B1 are summed, with their time span.
    expect(b1?.children[0]).toMatchObject({
      lot: 'R1',
      material: 'resin',
      quantity: 12,
      unit: 'kg',
      firstTime: T(8),
      lastTime: T(9),
    });
  });

  it('names the product revision each lot was made with', () => {
    const s = plant();
    s.append([
      e('R1', 'F9', { producedMaterial: 'bottle', productRevision: 'B', workOrder: 'WO-3' }),
      e('F9', 'P1', { material: 'bottle', producedMaterial: 'pallet' }),
    ]);
    expect(traceLot(s, { lot: 'F9', direction: 'backward', depth: 1 }).tree.productRevisions).toEqual(['B']);
    const forward = traceLot(s, { lot: 'R1', direction: 'forward', depth: 1 });
    expect(forward.tree.children.map((c) => [c.lot, c.productRevisions])).toEqual([
      ['B1', []],
      ['F9', ['B']],
    ]);
  });

  it('forward from a raw lot reaches every finished lot it went into (recall list)', () => {
    const r = traceLot(plant(), { lot: 'R1', direction: 'forward', depth: 10 });
    expect(shape(r.tree)).toBe('R1(B1(F1 F2))');
    expect(r.lots).toEqual(['B1', 'F1', 'F2']);
    // Forward, a link's quantity is how much of the parent went in.
    expect(r.tree.children[0]?.children.map((c) => c.quantity)).toEqual([8, 4]);
  });

  it('stops at the depth limit and says so', () => {
    const r = traceLot(plant(), { lot: 'F1', direction: 'backward', depth: 1 });
    expect(shape(r.tree)).toBe('F1(B1… K1)');
    expect(r.truncated).toBe(true);
    expect(r.lots).toEqual(['B1', 'K1']);
  });

  it('is cycle-safe: rework back into an earlier lot is shown once and not expanded', () => {
    const s = GenealogyStore.open(null);
    s.append([e('A', 'B'), e('B', 'C'), e('C', 'A')]);
    const r = traceLot(s, { lot: 'A', direction: 'backward', depth: 50 });
    expect(shape(r.tree)).toBe('A(C(B(A!)))');
    expect(r.lots).toEqual(['B', 'C']);
    expect(r.truncated).toBe(false);
  });

  it('a lot reached by two paths appears under both; the lot list names it once', () => {
    const s = GenealogyStore.open(null);
    s.append([e('R', 'B1'), e('R', 'B2'), e('B1', 'F'), e('B2', 'F')]);
    const r = traceLot(s, { lot: 'F', direction: 'backward', depth: 5 });
    expect(shape(r.tree)).toBe('F(B1(R) B2(R))');
    expect(r.lots).toEqual(['B1', 'B2', 'R']);
  });

  it('mixed units give no summed quantity; the node limit truncates', () => {
    const s = GenealogyStore.open(null);
    s.append([
      e('R', 'B', { quantity: 1, unit: 'kg' }),
      e('R', 'B', { quantity: 500, unit: 'g' }),
      e('S', 'B'),
      e('T', 'B'),
    ]);
    const r = traceLot(s, { lot: 'B', direction: 'backward', depth: 5 });
    expect(r.tree.children[0]).toMatchObject({ lot: 'R', quantity: null, unit: null });
    expect(r.tree.children[1]).toMatchObject({ lot: 'S', quantity: null });
    const capped = traceLot(s, { lot: 'B', direction: 'backward', depth: 5, maxNodes: 3 });
    expect(shape(capped.tree)).toBe('B…(R S)');
    expect(capped.truncated).toBe(true);
  });

  it('an unknown lot is not found and has a bare tree', () => {
    const r = traceLot(plant(), { lot: 'NOPE', direction: 'backward', depth: 3 });
    expect(r).toMatchObject({ found: false, lots: [], truncated: false, tree: { lot: 'NOPE', children: [] } });
  });
});
