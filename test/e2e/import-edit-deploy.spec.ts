import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Flow } from '@millwright/model';
import { expect, test } from './fixtures.js';

/** inject "hello" → shout (adds "!") → count (a counter in node context) → debug. */
const FLOW: Flow = {
  version: 1,
  id: 'imported-line',
  name: 'Imported line',
  nodes: [
    {
      id: 'src',
      type: 'inject',
      typeVersion: 1,
      name: 'hello',
      config: { payloadType: 'string', payload: 'hello' },
      position: { x: 120, y: 120 },
    },
    {
      id: 'shout',
      type: 'function',
      typeVersion: 1,
      name: 'shout',
      config: { code: "msg.payload = msg.payload + '!';\nreturn msg;" },
      position: { x: 340, y: 120 },
    },
    {
      id: 'count',
      type: 'function',
      typeVersion: 1,
      name: 'count',
      config: {
        code: "const n = (context.get('n') || 0) + 1;\ncontext.set('n', n);\nmsg.payload = { text: msg.payload, n };\nreturn msg;",
      },
      position: { x: 560, y: 120 },
    },
    { id: 'out', type: 'debug', typeVersion: 1, name: 'out', config: {}, position: { x: 780, y: 120 } },
  ],
  wires: [
    { from: { node: 'src', port: 0 }, to: { node: 'shout', port: 0 } },
    { from: { node: 'shout', port: 0 }, to: { node: 'count', port: 0 } },
    { from: { node: 'count', port: 0 }, to: { node: 'out', port: 0 } },
  ],
};

test('imports a flow file, edits one node and deploys only the modified nodes', async ({ editor, page, runtime }) => {
  const dir = await mkdtemp(join(tmpdir(), 'mw-e2e-import-'));
  const file = join(dir, 'imported-line.flow.json');
  await writeFile(file, JSON.stringify(FLOW, null, 2));
  try {
    await page.getByTestId('open-import').click();
    await page.getByTestId('import-file').setInputFiles(file);
    await expect(page.getByTestId('import-summary')).toContainText('Imported line');
    await page.getByTestId('import-confirm').click();
    await expect(page.getByTestId('tab-imported-line')).toHaveAttribute('aria-selected', 'true');
    await expect(page.locator('.react-flow__node-mw')).toHaveCount(4);
    await expect(page.locator('.react-flow__edge')).toHaveCount(3);

    await editor.deploy('nodes');
    await editor.expectDeployed();
    await page.getByTestId('inject-src').click();
    const entries = await editor.debugEntries();
    await expect(entries).toHaveCount(1);
    await expect(entries.nth(0).getByTestId('debug-value')).toContainText('"hello!"');
    await expect(entries.nth(0).getByTestId('debug-value')).toContainText('1');

    // Edit one node: only it is marked as modified.
    await page.getByTestId('tab-properties').click();
    await editor.select('shout');
    await editor.setCode('code', 'msg.payload = msg.payload.toUpperCase();\nreturn msg;');
    await expect(page.getByTestId('changed-shout')).toBeVisible();
    await expect(page.locator('[data-testid^="changed-"]')).toHaveCount(1);
    await expect(page.getByTestId('dirty-indicator')).toHaveText('1 undeployed change');
    // An inject node with undeployed changes cannot fire; this one is unchanged.
    await expect(page.getByTestId('inject-src')).toBeEnabled();

    await editor.deploy('nodes');
    await editor.expectDeployed();
    const stored = await runtime.flows();
    expect(stored.flows[1]?.nodes.find((n) => n.id === 'shout')?.config['code']).toContain('toUpperCase');

    await page.getByTestId('inject-src').click();
    await editor.debugEntries();
    await expect(entries).toHaveCount(2);
    // The new code runs, and the unchanged counter kept its context: a modified-nodes deploy did not restart it.
    await expect(entries.nth(1).getByTestId('debug-value')).toContainText('"HELLO"');
    await entries.nth(1).locator('.json-toggle').first().click(); // entries start collapsed
    await expect(entries.nth(1).locator('.json-number')).toHaveText('2');
    await page.screenshot({ path: 'test-results/screenshots/editor-imported-flow.png' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('exports the open flow to a file and to the clipboard', async ({ editor, page }) => {
  await editor.dropFromPalette('inject', 200, 200);
  await page.getByTestId('open-export').click();
  await page.getByTestId('export-scope-flow').click();
  const download = page.waitForEvent('download');
  await page.getByTestId('export-download').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('flow-1.flow.json');
  const text = await page.getByTestId('export-text').inputValue();
  const flow = JSON.parse(text) as Flow;
  expect(flow.nodes.map((n) => n.type)).toEqual(['inject']);

  await page.getByTestId('export-copy').click();
  // In-page code as a string: test files are type-checked without the DOM library.
  expect(await page.evaluate('navigator.clipboard.readText()')).toBe(text);
});
