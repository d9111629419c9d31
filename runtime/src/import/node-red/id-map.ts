const VALID_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

/** Millwright ids for Node-RED ids: kept when they fit the flow format, else cleaned and made unique. */
export function createIdMap(nodeRedIds: readonly string[]): { get(id: string): string } {
  const map = new Map<string, string>();
  const taken = new Set(nodeRedIds.filter((id) => VALID_ID.test(id)));
  for (const id of nodeRedIds) {
    if (VALID_ID.test(id) || map.has(id)) continue;
    const base = id.replace(/[^A-Za-z0-9_.:-]/g, '_').slice(0, 120) || 'node';
    let candidate = base;
    for (let i = 2; taken.has(candidate); i++) candidate = `${base}_${i}`;
    taken.add(candidate);
    map.set(id, candidate);
  }
  return { get: (id) => map.get(id) ?? id };
}
