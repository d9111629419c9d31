#!/usr/bin/env node
// Dependency audit for CI: the production dependencies of package-lock.json against known
// advisories. Asks the registry first (`npm audit --omit=dev`); when its audit endpoint cannot be
// reached or does not answer (an offline machine, a mirror without the endpoint), compares the
// lockfile with the advisory list kept in the repository (scripts/advisories.json). The local list
// is checked in both cases, so an advisory the mirror lacks still fails the build.
// Exit 0: nothing at or above the level; 1: findings; 2: the check itself failed.
// Plain JavaScript: it runs right after `npm ci`, before anything is compiled.
//
//   node scripts/audit-deps.mjs [--offline] [--audit-level high] [--lockfile f] [--advisories f]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const LEVELS = ['low', 'moderate', 'high', 'critical'];

const { values } = parseArgs({
  options: {
    offline: { type: 'boolean', default: false },
    'audit-level': { type: 'string', default: 'high' },
    lockfile: { type: 'string', default: `${ROOT}package-lock.json` },
    advisories: { type: 'string', default: `${ROOT}scripts/advisories.json` },
  },
});
const level = LEVELS.indexOf(values['audit-level']);
if (level < 0) fail(`--audit-level must be one of ${LEVELS.join(', ')}`);

let findings = 0;
const registry = values.offline ? { skipped: 'offline' } : registryAudit();
if ('counts' in registry) {
  const over = LEVELS.slice(level).reduce((n, l) => n + (registry.counts[l] ?? 0), 0);
  console.log(`registry audit: ${JSON.stringify(registry.counts)} (${over} at ${LEVELS[level]} or above)`);
  for (const line of registry.details) console.log(`  ${line}`);
  findings += over;
} else {
  console.log(`registry audit not available (${registry.skipped}): using ${values.advisories} only`);
}
const local = localAudit();
console.log(`local advisory list: ${local.checked} production packages checked, ${local.hits.length} findings`);
for (const h of local.hits) console.log(`  ${h}`);
findings += local.hits.length;
process.exit(findings ? 1 : 0);

/** `npm audit --omit=dev --json`: counts per severity, or why there are none. */
function registryAudit() {
  const r = spawnSync('npm', ['audit', '--omit=dev', '--json'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) return { skipped: r.error.message };
  let report;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    return { skipped: `npm audit exited ${r.status} without a report` };
  }
  const counts = report?.metadata?.vulnerabilities;
  if (!counts) return { skipped: (report?.message ?? report?.error?.summary ?? 'no report').slice(0, 200) };
  const details = Object.values(report.vulnerabilities ?? {})
    .filter((v) => LEVELS.indexOf(v.severity) >= level)
    .map((v) => `${v.name} ${v.range} ${v.severity}`);
  return { counts, details };
}

/** The lockfile's production packages that fall in an advisory's range at or above the level. */
function localAudit() {
  const lock = readJson(values.lockfile);
  const list = readJson(values.advisories).advisories ?? [];
  const hits = [];
  let checked = 0;
  for (const [path, entry] of Object.entries(lock.packages ?? {})) {
    if (!path.includes('node_modules/') || entry.dev || entry.link || !entry.version) continue;
    checked++;
    const name = entry.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    for (const a of list)
      if (a.package === name && LEVELS.indexOf(a.severity) >= level && satisfies(entry.version, a.range))
        hits.push(`${name}@${entry.version} (${path}): ${a.severity} ${a.id} ${a.title}`);
  }
  return { checked, hits };
}

/** npm-style ranges: `||` of space-separated comparators (`<`, `<=`, `>`, `>=`, `=`, bare version). */
function satisfies(version, range) {
  const v = parse(version);
  if (!v) return false;
  return range.split('||').some((set) =>
    set
      .trim()
      .split(/\s+/)
      .every((c) => {
        const m = /^(<=|>=|<|>|=)?v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)$/.exec(c);
        if (!m) fail(`cannot read the range "${range}"`);
        const d = compare(v, parse(m[2]));
        return { '<': d < 0, '<=': d <= 0, '>': d > 0, '>=': d >= 0, '=': d === 0 }[m[1] ?? '='];
      }),
  );
}

function parse(text) {
  const m = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?/.exec(text);
  return m ? { nums: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4] } : undefined;
}

// A prerelease sorts before its release (1.0.0-rc.1 < 1.0.0); prereleases compare as text.
function compare(a, b) {
  for (let i = 0; i < 3; i++) if (a.nums[i] !== b.nums[i]) return a.nums[i] - b.nums[i];
  if (a.pre === b.pre) return 0;
  if (a.pre === undefined) return 1;
  if (b.pre === undefined) return -1;
  return a.pre < b.pre ? -1 : 1;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    fail(`cannot read ${file}: ${err.message}`);
  }
}

function fail(message) {
  console.error(`audit-deps: ${message}`);
  process.exit(2);
}
