import { RUNTIME_VERSION } from '../version.js';

/** What the generated files are made of. */
export interface NodePackageSpec {
  /** npm package name, e.g. `millwright-node-torque` or `@acme/millwright-torque`. */
  name: string;
  /** Node type id (kebab-case), e.g. `torque`. */
  type: string;
}

const pascal = (type: string) => type.replace(/(^|-)([a-z0-9])/g, (_m, _d: string, c: string) => c.toUpperCase());
const camel = (type: string) => pascal(type).replace(/^./, (c) => c.toLowerCase());

/** The files of a new node package, by path relative to the package folder. */
export function nodePackageFiles(spec: NodePackageSpec): Record<string, string> {
  const { name, type } = spec;
  const P = pascal(type);
  const v = camel(type);
  return {
    'package.json': `${JSON.stringify(
      {
        name,
        version: '0.1.0',
        description: `Millwright node "${type}": scales a numeric message property.`,
        type: 'module',
        license: 'Apache-2.0',
        keywords: ['millwright', 'millwright-node'],
        engines: { node: '>=24' },
        exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
        files: ['dist', '!dist/**/*.test.*', 'README.md'],
        // `nodes`: what the runtime loads; `sources`: what it loads instead in --dev (edits reload, no build).
        millwright: { nodes: ['./dist/index.js'], sources: ['./src/index.ts'] },
        scripts: {
          build: 'tsc -p tsconfig.build.json',
          prepare: 'npm run build',
          test: 'vitest run',
          typecheck: 'tsc --noEmit',
        },
        peerDependencies: { '@millwright/model': '>=0.1.0', '@millwright/sdk': '>=0.1.0', zod: '^4.1.0' },
        devDependencies: {
          '@millwright/model': `^${RUNTIME_VERSION}`,
          '@millwright/sdk': `^${RUNTIME_VERSION}`,
          '@types/node': '^24.0.0',
          typescript: '~5.9.0',
          vitest: '^4.1.0',
          zod: '^4.1.0',
        },
      },
      null,
      2,
    )}\n`,
    'tsconfig.json': `${JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noUncheckedIndexedAccess: true,
          verbatimModuleSyntax: true,
          skipLibCheck: true,
          types: ['node'],
          noEmit: true,
        },
        include: ['src', 'vitest.config.ts'],
      },
      null,
      2,
    )}\n`,
    // What \`npm run build\` (and \`prepare\`, so \`npm install\` from git and \`npm publish\`) emits: the
    // runtime loads compiled JavaScript; TypeScript entries load only in --dev.
    'tsconfig.build.json': `${JSON.stringify(
      {
        extends: './tsconfig.json',
        compilerOptions: { noEmit: false, rootDir: 'src', outDir: 'dist', declaration: true, sourceMap: true },
        include: ['src'],
        exclude: ['src/**/*.test.ts'],
      },
      null,
      2,
    )}\n`,
    'vitest.config.ts': `import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { include: ['src/**/*.test.ts'] } });
`,
    '.gitignore': 'node_modules/\ndist/\n',
    'src/index.ts': `import type { AnyNodeDefinition } from '@millwright/sdk';
import ${v} from './${type}/index.js';

/** The nodes of this package. The runtime loads the \`nodes\` export of each file listed in package.json's \`millwright.nodes\`. */
export const nodes: AnyNodeDefinition[] = [${v}];
`,
    [`src/${type}/config.ts`]: `import { z } from 'zod';

/**
 * Config of the ${type} node. This one schema drives validation, the editor form (descriptions,
 * defaults, examples) and the generated docs. Config keys are public API: renaming one needs a new
 * node version and a migration.
 */
export const ${v}Config = z.object({
  factor: z.number().finite().default(1).meta({ description: 'Multiplier applied to the value.', examples: [0.1, 2] }),
  offset: z.number().finite().default(0).meta({ description: 'Added after multiplying.' }),
  decimals: z
    .number()
    .int()
    .min(0)
    .max(10)
    .default(2)
    .meta({ description: 'Decimal places the result is rounded to.', advanced: true }),
});

export type ${P}Config = z.output<typeof ${v}Config>;
`,
    [`src/${type}/${type}.ts`]: `import { UserError, type FlowMessage } from '@millwright/model';
import type { NodeContext, NodeHandlers } from '@millwright/sdk';
import type { ${P}Config } from './config.js';

/**
 * Scales \`msg.payload\`: value * factor + offset, rounded. A payload that is not a number raises
 * \`${type}_not_a_number\` with the message, so catch nodes see it.
 */
export function create${P}(ctx: NodeContext<${P}Config>): NodeHandlers {
  const { factor, offset, decimals } = ctx.config;
  const scale = 10 ** decimals;
  let count = 0;
  return {
    input(msg: FlowMessage) {
      const value = typeof msg.payload === 'string' && msg.payload.trim() !== '' ? Number(msg.payload) : msg.payload;
      if (typeof value !== 'number' || !Number.isFinite(value))
        throw new UserError('${type}_not_a_number', \`payload \${JSON.stringify(msg.payload)} is not a number\`);
      ctx.send({ ...msg, payload: Math.round((value * factor + offset) * scale) / scale });
      count++;
      ctx.status({ fill: 'green', shape: 'dot', text: \`\${count} scaled\` });
    },
  };
}
`,
    [`src/${type}/index.ts`]: `import { defineNode } from '@millwright/sdk';
import { ${v}Config } from './config.js';
import { create${P} } from './${type}.js';

/** Scales a numeric payload. */
export default defineNode({
  type: '${type}',
  category: 'function',
  version: 1,
  label: '${type}',
  description: 'Scales a numeric payload: value * factor + offset, rounded to a number of decimals.',
  inputs: 1,
  outputs: ['out'],
  config: ${v}Config,
  setup: (ctx) => create${P}(ctx),
});
`,
    [`src/${type}/${type}.test.ts`]: `import { testNode } from '@millwright/sdk';
import { describe, expect, it } from 'vitest';
import ${v} from './index.js';

describe('${type} node', () => {
  it('scales and rounds the payload and keeps the other properties', async () => {
    const h = await testNode(${v}, { config: { factor: 0.1, offset: -2, decimals: 1 } });
    h.input({ payload: 2153, topic: 'press-3/pressure' });
    const [out] = await h.next();
    expect(out).toMatchObject({ payload: 213.3, topic: 'press-3/pressure' });
    expect(h.statuses(h.nodeId).at(-1)?.status).toEqual({ fill: 'green', shape: 'dot', text: '1 scaled' });
    await h.stop();
  });

  it('accepts numeric strings', async () => {
    const h = await testNode(${v}, { config: { factor: 2 } });
    h.input({ payload: '21' });
    expect((await h.next())[0]?.payload).toBe(42);
    await h.stop();
  });

  it('raises ${type}_not_a_number with the message for anything else', async () => {
    const h = await testNode(${v});
    h.input({ payload: 'high' });
    await h.idle();
    expect(h.errors(h.nodeId)[0]?.error).toMatchObject({ code: '${type}_not_a_number', kind: 'user' });
    expect(h.outputs(h.nodeId)).toEqual([]);
    await h.stop();
  });

  it('defaults its config and rejects invalid values', () => {
    expect(${v}.config.parse({})).toEqual({ factor: 1, offset: 0, decimals: 2 });
    expect(${v}.config.safeParse({ decimals: 11 }).success).toBe(false);
  });
});
`,
    'README.md': readme(spec),
  };
}

function readme({ name, type }: NodePackageSpec): string {
  return `# ${name}

A [Millwright](https://github.com/millwright) node package with one node, \`${type}\`, which scales a
numeric payload (value * factor + offset, rounded). Generated by \`millwright create-node\`; make
it yours by editing \`src/${type}/\`.

| config | default | meaning |
|---|---|---|
| \`factor\` | \`1\` | multiplier |
| \`offset\` | \`0\` | added after multiplying |
| \`decimals\` | \`2\` | decimal places of the result |

## Layout

- \`package.json\`: the \`millwright.nodes\` section lists the entry files; the runtime finds the
  package by it (in \`node_modules\` or a nodes directory) and loads their \`nodes\` export.
- \`src/index.ts\`: exports \`nodes\`, every node of the package.
- \`src/${type}/config.ts\`: the zod config schema: validation, the editor form and the docs.
- \`src/${type}/${type}.ts\`: the implementation; \`src/${type}/index.ts\`: \`defineNode()\`.
- \`src/${type}/${type}.test.ts\`: tests with the SDK harness (\`testNode\`).

## Develop

\`\`\`sh
npm install            # also builds dist/ (the prepare script)
npm test               # vitest: runs the node in-process with the same engine as the runtime
npm run typecheck
npm run build          # tsc: src/ -> dist/, what the runtime loads
millwright start --nodes-dir .. --dev   # the parent folder of this package; edits reload the node
\`\`\`

## Use and publish

- In a project: \`npm install ${name}\`, then \`millwright start\` in that project finds it in
  \`node_modules\`; or put the package folder into a nodes directory (\`--nodes-dir\`).
- The node appears in the editor palette (category \`function\`) with a form built from its schema.
- Publish with \`npm publish\` (\`--access public\` for a scoped name): \`prepare\` builds \`dist/\`,
  the compiled JavaScript and declarations that are published and that the runtime loads (it runs
  no TypeScript loader in production). Needs Node 24 LTS.
- A config change that breaks old flows needs \`version: 2\` and a \`migrations[1]\` function.

See the Millwright SDK guide (\`docs/sdk/guide.md\`) for the full walk-through.
`;
}
