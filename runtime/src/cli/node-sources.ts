import { join } from 'node:path';
import type { NodeRegistry } from '@millwright/sdk';
import { DEFAULT_NODE_MODULES } from '../registry/load-node-modules.js';
import { loadInstalledNodes } from '../registry/node-packages.js';
import type { CliIo } from './command.js';

/** Where a command gets its node types: `--nodes` modules, `--nodes-dir` folders and `./node_modules`. */
export interface NodeSources {
  nodeModules: string[];
  nodesDir: string[];
  nodeModulesDir: string[];
}

/**
 * The built-in modules plus `--nodes`, the `--nodes-dir` folders, and the `node_modules` folder of
 * the current directory (where `npm install <node package>` puts custom nodes).
 */
export function nodeSources(values: { nodes?: string[] | undefined; 'nodes-dir'?: string[] | undefined }): NodeSources {
  return {
    nodeModules: [...DEFAULT_NODE_MODULES, ...(values.nodes ?? [])],
    nodesDir: values['nodes-dir'] ?? [],
    nodeModulesDir: [join(process.cwd(), 'node_modules')],
  };
}

/** The registry for offline commands (validate, import, test); broken packages are reported on stderr. */
export async function loadCliRegistry(sources: NodeSources, io: CliIo): Promise<NodeRegistry> {
  const installed = await loadInstalledNodes({
    nodeModules: sources.nodeModules,
    nodesDirs: sources.nodesDir,
    nodeModulesDirs: sources.nodeModulesDir,
    onProblem: (p) => io.err(`node package "${p.name}" not loaded: ${p.error ?? ''}`),
  });
  return installed.registry;
}
