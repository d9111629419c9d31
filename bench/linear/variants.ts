/** One row of `npm run bench`: a shape of the linear flow, run on every engine. */
export interface Variant {
  /** For `--variant` and the JSON output. */
  key: string;
  /** The row's label in the table. */
  label: string;
  /** Independent copies of the flow, each its own flow (tab), all sent their burst at once. */
  flows: number;
  /** Whether each flow has the `payload * 2` function node between source and change. */
  withFunction: boolean;
}

/** Every row, in table order (bench/README.md describes each). */
export const VARIANTS: readonly Variant[] = [
  { key: 'function', label: '1 flow, with function', flows: 1, withFunction: true },
  { key: 'no-function', label: '1 flow, no function', flows: 1, withFunction: false },
  { key: 'two-flows', label: '2 flows, with function', flows: 2, withFunction: true },
];

/** The variants named in a `--variant` list (comma-separated keys), all of them when it is absent. */
export function pickVariants(list: string | undefined): Variant[] {
  if (list === undefined) return [...VARIANTS];
  return list.split(',').map((key) => {
    const v = VARIANTS.find((x) => x.key === key.trim());
    if (!v) throw new Error(`--variant: unknown "${key}" (known: ${VARIANTS.map((x) => x.key).join(', ')})`);
    return v;
  });
}
