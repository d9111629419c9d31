import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { installDir, renderUnit, SERVICE_DEFAULTS } from './service.js';

/** Runs `millwright service ...` in this process; resolves with the exit code and output. */
async function service(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['service', ...args], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** `key=value` lines of one section, in order (keys may repeat). */
function section(unit: string, name: string): Array<[string, string]> {
  const body = unit.split(/^\[/m).find((s) => s.startsWith(`${name}]`)) ?? '';
  return body
    .split('\n')
    .slice(1)
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => {
      const i = l.indexOf('=');
      return [l.slice(0, i), l.slice(i + 1)];
    });
}
const value = (unit: string, key: string) => Object.fromEntries(section(unit, 'Service'))[key];

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('millwright service print-unit', () => {
  it('prints a hardened unit that starts this node and this millwright with the given options', async () => {
    const r = await service(
      'print-unit',
      '--data-dir',
      '/srv/millwright',
      '--user',
      'mes',
      '--host',
      '0.0.0.0',
      '--port',
      '8080',
      '--env-file',
      '/etc/mw/env',
    );
    expect(r).toMatchObject({ code: 0, err: '' });
    const unit = r.out;
    const exec = value(unit, 'ExecStart')!.split(' ');
    // The runtime's Node flags, so the bin needs no re-exec to add them.
    expect(exec.slice(0, 3)).toEqual([process.execPath, '--no-node-snapshot', '--max-semi-space-size=2']);
    expect(exec[3]).toMatch(/\/runtime\/bin\/millwright\.js$/);
    expect(existsSync(exec[3]!)).toBe(true);
    expect(exec.slice(4)).toEqual([
      'start',
      '--no-demo',
      '--data-dir',
      '/srv/millwright',
      '--host',
      '0.0.0.0',
      '--port',
      '8080',
    ]);
    expect(Object.fromEntries(section(unit, 'Service'))).toMatchObject({
      Type: 'simple',
      User: 'mes',
      WorkingDirectory: resolve(exec[3]!, '../../..'), // a checkout: its root, with node_modules
      Environment: 'NODE_ENV=production',
      EnvironmentFile: '-/etc/mw/env',
      KillSignal: 'SIGTERM',
      KillMode: 'mixed',
      TimeoutStopSec: '30',
      Restart: 'on-failure',
      RestartSec: '5',
      NoNewPrivileges: 'true',
      ProtectSystem: 'strict',
      ReadWritePaths: '/srv/millwright',
      PrivateTmp: 'true',
      CapabilityBoundingSet: '',
    });
    expect(value(unit, 'StateDirectory')).toBeUndefined();
    expect(value(unit, 'MemoryDenyWriteExecute')).toBeUndefined(); // the V8 JIT needs it off
    expect(section(unit, 'Unit')).toContainEqual(['After', 'network-online.target']);
    expect(section(unit, 'Install')).toEqual([['WantedBy', 'multi-user.target']]);
  });

  it('defaults to /var/lib/millwright, created by systemd as the state directory', async () => {
    const { code, out } = await service('print-unit');
    expect(code).toBe(0);
    expect(value(out, 'User')).toBe(SERVICE_DEFAULTS.user);
    expect(value(out, 'ReadWritePaths')).toBe('/var/lib/millwright');
    expect(value(out, 'StateDirectory')).toBe('millwright');
    expect(value(out, 'EnvironmentFile')).toBe(`-${SERVICE_DEFAULTS.envFile}`);
    expect(value(out, 'ExecStart')).toMatch(
      / start --no-demo --data-dir \/var\/lib\/millwright --host 127\.0\.0\.1 --port 1880$/,
    );
  });

  it('makes a relative data dir absolute and grants only the low-port capability below 1024', async () => {
    const { out } = await service('print-unit', '--data-dir', 'plant-data', '--port', '80');
    expect(value(out, 'ReadWritePaths')).toBe(resolve('plant-data'));
    expect(value(out, 'ExecStart')).toContain(` --data-dir ${resolve('plant-data')} `);
    expect(value(out, 'AmbientCapabilities')).toBe('CAP_NET_BIND_SERVICE');
    expect(value(out, 'CapabilityBoundingSet')).toBe('CAP_NET_BIND_SERVICE');
  });

  it('runs in the folder whose node_modules holds the runtime, where custom node packages are installed', () => {
    expect(installDir('/opt/millwright/node_modules/@millwright/runtime/bin/millwright.js')).toBe('/opt/millwright');
    expect(installDir('/usr/lib/node_modules/@millwright/runtime/bin/millwright.js')).toBe('/usr/lib');
    expect(installDir('/home/ci/millwright/runtime/bin/millwright.js')).toBe('/home/ci/millwright');
    const unit = renderUnit({ ...SERVICE_DEFAULTS, bin: '/opt/mw/node_modules/@millwright/runtime/bin/millwright.js' });
    expect(value(unit, 'WorkingDirectory')).toBe('/opt/mw');
  });

  it('quotes and escapes ExecStart arguments systemd would split or expand', () => {
    const unit = renderUnit({
      ...SERVICE_DEFAULTS,
      node: '/opt/node 24/bin/node',
      bin: '/opt/mw/100%/$bin/millwright.js',
    });
    expect(value(unit, 'ExecStart')).toMatch(
      /^"\/opt\/node 24\/bin\/node" --no-node-snapshot --max-semi-space-size=2 "\/opt\/mw\/100%%\/\$\$bin\/millwright\.js" start /,
    );
  });

  it('refuses bad arguments with usage errors', async () => {
    expect((await service()).code).toBe(2);
    expect(await service('install')).toMatchObject({
      code: 2,
      err: expect.stringContaining('unknown action "install"'),
    });
    expect(await service('print-unit', '--user', 'root; rm')).toMatchObject({ code: 2 });
    expect(await service('print-unit', '--data-dir', '/srv/my plant')).toMatchObject({
      code: 2,
      err: expect.stringContaining('--data-dir must be a path without spaces'),
    });
    expect(await service('print-unit', '--port', '70000')).toMatchObject({ code: 2 });
    expect(await service('print-unit', 'extra')).toMatchObject({ code: 2 });
  });

  const analyze = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
  it.skipIf(analyze.status !== 0)('passes systemd-analyze verify', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mw-unit-'));
    dirs.push(dir);
    const file = join(dir, 'millwright.service');
    await writeFile(file, `${(await service('print-unit', '--data-dir', dir)).out}\n`);
    const r = spawnSync('systemd-analyze', ['verify', '--man=no', file], { encoding: 'utf8' });
    // verify reports unknown keys and bad values on stderr, "<file>:<line>: ...", even with exit 0.
    expect(r.stderr).not.toMatch(/millwright\.service:\d+:/);
    expect(r.status).toBe(0);
  });
});
