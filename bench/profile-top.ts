/**
 * Prints where a V8 CPU profile (from `npm run bench -- --profile`) spends its time: the top
 * functions by self time, and by total time (self plus callees) for the frames named in --focus.
 *
 * Usage: node --import tsx bench/profile-top.ts <file.cpuprofile> [--top 25] [--focus name,name]
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '25' }, focus: { type: 'string', default: '' } },
});
const file = positionals[0];
if (!file) throw new Error('usage: profile-top.ts <file.cpuprofile> [--top N] [--focus a,b]');
const profile: Profile = JSON.parse(await readFile(file, 'utf8'));

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);

const label = (n: ProfileNode) =>
  `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url ? `${basename(n.callFrame.url)}:${n.callFrame.lineNumber + 1}` : ''}`.trim();

const self = new Map<string, number>();
for (const [id, us] of selfUs) {
  const n = byId.get(id);
  if (n) self.set(label(n), (self.get(label(n)) ?? 0) + us);
}
const pct = (us: number) => `${((100 * us) / totalUs).toFixed(1).padStart(5)}%`;
console.log(`${basename(file)}: ${(totalUs / 1000).toFixed(0)} ms sampled`);
console.log('self time:');
for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top)))
  console.log(`  ${pct(us)}  ${name}`);

// Total time of a frame: every sample with that frame on its stack, counted once per sample.
const focus = values.focus.split(',').filter(Boolean);
if (focus.length) {
  console.log('total time (self + callees):');
  for (const f of focus) {
    let us = 0;
    for (const [id, t] of selfUs) {
      for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
        const n = byId.get(cur);
        if (n && n.callFrame.functionName === f) {
          us += t;
          break;
        }
      }
    }
    console.log(`  ${pct(us)}  ${f}`);
  }
}
