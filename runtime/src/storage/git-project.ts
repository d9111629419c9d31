import { execFile } from 'node:child_process';
import { mkdir, readdir, realpath, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { serializeFlow, sortKeys, UserError, type Flow } from '@millwright/model';
import { TEST_FILE_SUFFIX } from '../flow-test/test-file.js';
import { flowFileName, isFlowFileName } from './flow-files.js';

const run = promisify(execFile);

/** What a project folder's `.gitattributes` says: flow files diff and merge with Millwright (docs/versions.md). */
const GITATTRIBUTES = ['*.flow.json', '*.subflow.json', '*.config.json']
  .map((pattern) => `${pattern} merge=millwright diff=millwright\n`)
  .join('');

/** Who committed a deploy, and why. */
export interface ProjectCommit {
  author: string;
  message?: string | undefined;
  revision: string;
}

/**
 * Project folder mode (settings.json `project.git`): after every deploy the flows are written to
 * a git working tree, one stable `<flow id>.flow.json` per flow with its `<flow id>.tests.json`
 * beside it, and committed with the deploy message, the deploying user as author. Files of flows
 * that are gone are removed; other files in the folder are left alone. Uses the machine's `git`.
 */
export class GitProject {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(readonly dir: string) {}

  /**
   * Opens `dir`, making it a repository with the `.gitattributes` of flow files if it is none yet,
   * or (`ownRepository`, for the default folder inside the data dir) if it is not the top of one:
   * a data dir inside somebody's checkout must not commit to that checkout.
   */
  static async open(dir: string, ownRepository = false): Promise<GitProject> {
    await mkdir(dir, { recursive: true });
    try {
      await run('git', ['--version']);
    } catch {
      throw new UserError('git_missing', 'project.git is set, but git is not installed (apt-get install git)');
    }
    const inside = await run('git', ['rev-parse', '--show-toplevel'], { cwd: dir }).then(
      (r) => r.stdout.trim(),
      () => undefined,
    );
    if (inside === undefined || (ownRepository && (await realpath(inside)) !== (await realpath(dir)))) {
      await run('git', ['init', '-q'], { cwd: dir });
      await writeFile(join(dir, '.gitattributes'), GITATTRIBUTES);
    }
    return new GitProject(dir);
  }

  /** Writes the flows and tests and commits them; resolves with the commit id, or undefined when nothing changed. */
  commit(flows: readonly Flow[], tests: Record<string, unknown>, who: ProjectCommit): Promise<string | undefined> {
    const next = this.queue.then(() => this.write(flows, tests, who));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async write(
    flows: readonly Flow[],
    tests: Record<string, unknown>,
    who: ProjectCommit,
  ): Promise<string | undefined> {
    const wanted = new Map<string, string>();
    for (const flow of flows) {
      wanted.set(flowFileName(flow), serializeFlow(flow));
      const spec = tests[flow.id];
      if (spec !== undefined)
        wanted.set(`${flow.id}${TEST_FILE_SUFFIX}`, `${JSON.stringify(sortKeys(spec), null, 2)}\n`);
    }
    for (const name of await readdir(this.dir))
      if ((isFlowFileName(name) || name.endsWith(TEST_FILE_SUFFIX)) && !wanted.has(name))
        await rm(join(this.dir, name));
    for (const [name, text] of wanted) await writeFile(join(this.dir, name), text);
    // Only this folder: in a repository that holds more, other staged work is not swept in.
    await this.git(['add', '-A', '--', '.']);
    const staged = await this.git(['status', '--porcelain', '--', '.']);
    if (!staged.trim()) return undefined;
    const email = `${who.author.replace(/[^\w.-]/g, '_')}@millwright.invalid`;
    await this.git(
      [
        'commit',
        '-q',
        '--no-verify',
        '-m',
        who.message || `deploy ${who.revision}`,
        '-m',
        `Revision: ${who.revision}`,
        '--',
        '.',
      ],
      {
        GIT_AUTHOR_NAME: who.author,
        GIT_AUTHOR_EMAIL: email,
        GIT_COMMITTER_NAME: 'Millwright',
        GIT_COMMITTER_EMAIL: 'runtime@millwright.invalid',
      },
    );
    return (await this.git(['rev-parse', 'HEAD'])).trim();
  }

  private async git(args: string[], env: Record<string, string> = {}): Promise<string> {
    const r = await run('git', args, { cwd: this.dir, env: { ...process.env, ...env } });
    return r.stdout;
  }
}
