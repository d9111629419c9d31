import { describe, expect, it } from 'vitest';
import { loadNodeModules } from './load-node-modules.js';

const fixture = (name: string) => new URL(`./fixtures/${name}.ts`, import.meta.url).href;

describe('loadNodeModules', () => {
  it('registers the nodes of each module and remembers where they came from', async () => {
    const registry = await loadNodeModules([fixture('alpha-nodes')]);
    expect(registry.types()).toEqual(['fixture-pass']);
    expect(registry.sourceOf('fixture-pass')).toBe(fixture('alpha-nodes'));
    expect(registry.catalog()[0]?.configSchema).toMatchObject({ type: 'object' });
  });

  it('names both modules when two define the same type', async () => {
    await expect(loadNodeModules([fixture('alpha-nodes'), fixture('beta-nodes')])).rejects.toMatchObject({
      code: 'duplicate_node_type',
      message: expect.stringContaining(`by "${fixture('alpha-nodes')}" and by "${fixture('beta-nodes')}"`),
    });
  });

  it('rejects a module without nodes and a module that does not exist', async () => {
    await expect(loadNodeModules([fixture('no-nodes')])).rejects.toMatchObject({ code: 'no_nodes' });
    await expect(loadNodeModules(['@millwright/does-not-exist'])).rejects.toMatchObject({
      code: 'node_module_load_failed',
      message: expect.stringContaining('@millwright/does-not-exist'),
    });
  });
});
