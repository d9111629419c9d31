import { decodeB2mml } from '@millwright/isa95';
import type { FamilyServices } from '@millwright/sdk';
import { describe, expect, it } from 'vitest';
import { isa95Extension, modelPaths, type ModelTreeNode } from './isa95-extension.js';
import { countMsg, performanceMappings, XSD, xmllint } from './test-fixtures.js';

const route = (method: string, path: string) => {
  const r = isa95Extension.routes?.find((x) => x.method === method && x.path === path);
  if (!r) throw new Error(`no route ${method} ${path}`);
  return (query: Record<string, string>, body?: unknown) => r.handle({ params: {}, query, body }, {} as FamilyServices);
};

describe('isa95 mapping editor routes', () => {
  it('lists the model paths of a document for the target picker', async () => {
    const paths = modelPaths('OperationsPerformance');
    for (const m of performanceMappings) expect(paths).toContain(m.to.replace(/quantities\[1\]/, 'quantities[0]'));
    expect(paths).not.toContain('extensions');
    const res = await route('GET', '/isa95/paths')({ document: 'SyncOperationsPerformance' });
    expect(res.body).toMatchObject({ noun: 'OperationsPerformance' });
    // The tree: noun -> objects -> lists with their item [0] -> typed leaves; its leaves are the paths.
    const tree = (res.body as { tree: ModelTreeNode }).tree;
    const at = (...names: string[]) =>
      names.reduce<ModelTreeNode | undefined>((n, name) => n?.children?.find((c) => c.name === name), tree);
    expect(tree).toMatchObject({ name: 'OperationsPerformance', path: '', type: 'object' });
    expect(at('responses')).toMatchObject({ type: 'list', children: [{ name: '[0]', type: 'object' }] });
    const quantity = at('responses', '[0]', 'segments', '[0]', 'materialActuals', '[0]', 'quantities', '[0]', 'value');
    expect(quantity).toMatchObject({
      path: 'responses[0].segments[0].materialActuals[0].quantities[0].value',
      type: 'number | string',
      required: true,
    });
    expect(at('responses', '[0]', 'startTime')).toMatchObject({ type: 'dateTime' });
    expect(at('id')).toEqual({ name: 'id', path: 'id', type: 'string' }); // optional in OperationsPerformance
    const leaves: string[] = [];
    const visit = (n: ModelTreeNode): void => (n.children ? n.children.forEach(visit) : void leaves.push(n.path));
    visit(tree);
    expect(leaves).toEqual(paths);
    expect((res.body as { paths: string[] }).paths).toEqual(paths);
    await expect(Promise.resolve().then(() => route('GET', '/isa95/paths')({ document: 'Nope' }))).rejects.toThrow(
      'unknown document',
    );
  });

  it('previews the B2MML of a sample message, and ties faults to the rows they come from', async () => {
    const preview = route('POST', '/isa95/preview');
    const config = { document: 'SyncOperationsPerformance', sender: 'MES', mappings: performanceMappings };
    const ok = (await preview({}, { config, message: countMsg })).body as { ok: boolean; xml: string };
    expect(ok.ok).toBe(true);
    expect(xmllint([ok.xml], XSD.V0701)).toEqual([]); // the preview is what the node writes: valid B2MML
    const back = decodeB2mml(ok.xml);
    expect(back.ok && back.doc.items[0]).toMatchObject({ responses: [{ id: 'WO-1001', responseState: 'Completed' }] });

    const bad = (await preview({}, { config, message: { payload: { ...countMsg.payload, good: 'many' } } })).body;
    const goodRow = performanceMappings.findIndex((m) => m.from === 'payload.good');
    expect(bad).toEqual({
      ok: false,
      issues: [
        {
          path: '$.items[0].responses[0].segments[0].materialActuals[0].quantities[0].value',
          message: expect.stringContaining('"many" is not a number') as unknown,
          rows: [goodRow],
        },
      ],
    });
    const invalid = (await preview({}, { config: { mappings: [{ to: 'id' }] } })).body;
    expect(invalid).toEqual({
      ok: false,
      issues: [{ path: 'mappings.0.from', message: 'give a message property or a constant', rows: [0] }],
    });
  });
});
