import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The offline half of the CI dependency audit (scripts/audit-deps.mjs): a lockfile against the
// advisory list kept in the repository. The registry half needs the registry's audit endpoint.
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'mw-audit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const audit = (packages: Record<string, { version: string; dev?: boolean }> | undefined, level = 'high') => {
  const args = ['scripts/audit-deps.mjs', '--offline', '--audit-level', level];
  if (packages) {
    const lockfile = join(dir, `lock-${Object.keys(packages).length}-${Math.random()}.json`);
    writeFileSync(lockfile, JSON.stringify({ lockfileVersion: 3, packages: { '': { name: 'x' }, ...packages } }));
    args.push('--lockfile', lockfile);
  }
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, out: r.stdout + r.stderr };
};

describe('dependency audit (offline advisory list)', () => {
  it('fails on a production package in an advisory range, ignores dev-only packages and fixed versions', () => {
    const bad = audit({
      'node_modules/braces': { version: '3.0.2' },
      'node_modules/express/node_modules/path-to-regexp': { version: '0.1.7' },
      'node_modules/ws': { version: '8.17.0', dev: true },
      'node_modules/micromatch': { version: '4.0.5' }, // moderate: under the level
    });
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('braces@3.0.2');
    expect(bad.out).toContain('GHSA-grv7-fg5c-xmjg');
    expect(bad.out).toContain('path-to-regexp@0.1.7 (node_modules/express/node_modules/path-to-regexp)');
    expect(bad.out).not.toContain('ws@');
    expect(bad.out).not.toContain('micromatch@');
    expect(audit({ 'node_modules/micromatch': { version: '4.0.5' } }, 'moderate').code).toBe(1);

    const fixed = audit({
      'node_modules/braces': { version: '3.0.3' },
      'node_modules/ws': { version: '8.17.1' },
      'node_modules/a/node_modules/ws': { version: '6.2.3' },
      'node_modules/semver': { version: '7.5.2' },
    });
    expect(fixed.out).toContain('4 production packages checked, 0 findings');
    expect(fixed.code).toBe(0);
    expect(audit({ 'node_modules/ws': { version: '7.5.9' } }).code).toBe(1); // the middle of an `||` range
  });

  it("passes on the repository's own lockfile", () => {
    const own = audit(undefined);
    expect(own.out).toMatch(/\d{3,} production packages checked, 0 findings/);
    expect(own.code).toBe(0);
  });
});
