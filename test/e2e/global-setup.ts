import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EDITOR = join(ROOT, 'editor');

/** Newest modification time under `path` (files only). */
function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), 0);
}

/** The e2e tests run against the built editor as the runtime serves it: rebuild it when stale. */
export default function globalSetup(): void {
  const built = join(EDITOR, 'dist', 'index.html');
  const sources = Math.max(
    newest(join(EDITOR, 'src')),
    newest(join(EDITOR, 'index.html')),
    newest(join(EDITOR, 'vite.config.ts')),
    newest(join(ROOT, 'packages', 'model', 'src')),
  );
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  execFileSync('npm', ['run', 'build', '-w', '@millwright/editor'], { cwd: ROOT, stdio: 'inherit' });
}
