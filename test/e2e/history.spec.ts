import type { Page } from '@playwright/test';
import {
  mergeFlow,
  serializeMergedFlow,
  type DeployRequest,
  type Flow,
  type SnapshotsResponse,
} from '@millwright/model';
import { expect, test, type EditorPage } from './fixtures.js';
import { startRuntime, type RuntimeProcess } from './runtime-process.js';

/** inject "hello" → debug. */
const FLOW: Flow = {
  version: 1,
  id: 'line',
  name: 'Line',
  nodes: [
    {
      id: 'src',
      type: 'inject',
      typeVersion: 1,
      name: 'hello',
      config: { payloadType: 'string', payload: 'hello' },
      position: { x: 120, y: 120 },
    },
    { id: 'out', type: 'debug', typeVersion: 1, name: 'out', config: {}, position: { x: 360, y: 120 } },
  ],
  wires: [{ from: { node: 'src', port: 0 }, to: { node: 'out', port: 0 } }],
};

/** The flow's test (a `*.tests.json`): pressing the inject delivers "hello" to the debug node. */
const TESTS = {
  line: {
    flow: 'line',
    cases: [
      {
        name: 'says hello',
        inputs: [{ inject: 'src' }],
        expect: [{ node: 'out', on: 'input', messages: [{ payload: 'hello' }] }],
      },
    ],
  },
};

test('history: deploys with messages, diff on the canvas, promotion gated on tests, rollback, a merge conflict resolved', async ({
  editor,
  page,
  runtime,
}) => {
  // The runtime promotions go to boots meanwhile.
  const starting = startRuntime();
  try {
    await story(editor, page, runtime, starting);
  } finally {
    await starting.then(
      (t) => t.stop(),
      () => undefined,
    );
  }
});

async function story(editor: EditorPage, page: Page, runtime: RuntimeProcess, starting: Promise<RuntimeProcess>) {
  // The starting point, deployed through the API with its flow test (its snapshot is the first in the history).
  // Later deploys from the editor bring no tests: the snapshots keep this one.
  const seed: DeployRequest = { flows: [FLOW], mode: 'full', message: 'seed', tests: TESTS };
  const res = await fetch(`${runtime.url}/api/flows`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(seed),
  });
  expect(res.status).toBe(200);
  const seeded = await runtime.flows();
  await page.getByTestId('remote-change-banner').getByRole('button', { name: 'Reload server flows' }).click();
  await expect(editor.node('src')).toBeVisible();

  // Two deploys from the editor, each with a message: a changed payload, then the debug node deleted.
  await page.getByTestId('tab-properties').click();
  await editor.select('src');
  await page.getByTestId('field-payload').fill('hello v2');
  await deployWithMessage(page, 'payload v2');
  await editor.expectDeployed();
  await editor.select('src');
  await page.getByTestId('field-payload').fill('hello v3');
  await editor.select('out');
  await page.keyboard.press('Delete');
  await expect(editor.node('out')).toHaveCount(0);
  await deployWithMessage(page, 'payload v3, no debug');
  await editor.expectDeployed();

  // The history lists every deploy, newest first, with its message, author and mode.
  await page.getByTestId('tab-history').click();
  const rows = page.getByTestId('snapshot-row');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toContainText('payload v3, no debug');
  await expect(rows.nth(1)).toContainText('payload v2');
  await expect(rows.nth(2)).toContainText('seed');
  await expect(rows.nth(0).getByTestId('snapshot-author')).toHaveText('open-access');
  await expect(rows.nth(0)).toContainText('full');
  await page.screenshot({ path: 'test-results/screenshots/history-panel.png' });

  // Diff of the two editor deploys: the field with its path, before → after, and the canvas marks.
  await rows.nth(1).getByTestId('snapshot-pick').check();
  await rows.nth(0).getByTestId('snapshot-pick').check();
  await page.getByTestId('history-compare').click();
  await expect(page.getByTestId('diff-canvas')).toBeVisible();
  const field = page.locator('[data-testid="diff-field"][data-path=\'$.nodes["src"].config.payload\']');
  await expect(field).toHaveText('config.payload: "hello v2" → "hello v3"');
  await expect(page.locator('[data-testid="diff-item"][data-id="out"]')).toHaveAttribute('data-kind', 'removed');
  await expect(page.getByTestId('diff-wire')).toHaveText(/− wire src:0 → out:0/);
  await expect(page.getByTestId('diff-node-src')).toHaveAttribute('data-mark', 'changed');
  await expect(page.getByTestId('diff-node-src')).toHaveClass(/diff-changed/);
  // The deleted node is drawn as a ghost at its old place, and its wire dashed.
  await expect(page.getByTestId('diff-node-out')).toHaveAttribute('data-mark', 'removed');
  await expect(page.locator('.react-flow__edge.diff-removed')).toHaveCount(1);
  await page.screenshot({ path: 'test-results/screenshots/history-diff.png' });

  // Esc leaves diff mode: the editable canvas is back.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('diff-canvas')).toHaveCount(0);
  await expect(page.getByTestId('canvas')).toBeVisible();
  await expect(page.getByTestId('snapshot-row')).toHaveCount(3);

  // Promotion: "payload v2" fails the flow test on the target (nothing deployed there), the seed passes.
  const target = await starting;
  await rows.nth(1).getByTestId('snapshot-promote').click();
  await page.getByTestId('promote-target').fill(target.url);
  await page.getByTestId('promote-submit').click();
  const result = page.getByTestId('promote-result');
  await expect(result).toHaveAttribute('data-promoted', 'false');
  await expect(result).toContainText('says hello');
  await expect(result).toContainText('expected "hello", got "hello v2"');
  await page.screenshot({ path: 'test-results/screenshots/history-promote-refused.png' });
  expect((await target.flows()).flows).toEqual([]);
  await page.keyboard.press('Escape');
  await rows.nth(2).getByTestId('snapshot-promote').click();
  await expect(page.getByTestId('promote-target')).toHaveValue(target.url);
  await page.getByTestId('promote-submit').click();
  await expect(result).toHaveAttribute('data-promoted', 'true');
  await expect(result).toContainText('1 test(s) passed');
  expect((await target.flows()).flows).toEqual(seeded.flows);
  await page.keyboard.press('Escape');

  // Roll back to the seed: confirm, then the runtime runs exactly the seed's flows and the canvas shows them.
  await rows.nth(2).getByTestId('snapshot-rollback').click();
  await expect(page.getByTestId('rollback-dialog')).toContainText('seed');
  await page.getByTestId('rollback-message').fill('v3 lost the debug output');
  await page.getByTestId('rollback-confirm').click();
  await expect(page.getByTestId('toast-success').filter({ hasText: 'Rolled back to seed' })).toBeVisible();
  const after = await runtime.flows();
  expect(after.flows).toEqual(seeded.flows);
  expect(after.revision).not.toBe(seeded.revision);
  await expect(editor.node('out')).toBeVisible();
  await expect(page.getByTestId('dirty-indicator')).toHaveText('All changes deployed');
  // The rollback is a deploy of its own, with its message, on top of the history.
  await expect(rows).toHaveCount(4);
  await expect(rows.nth(0)).toContainText('v3 lost the debug output');
  const list = (await (await fetch(`${runtime.url}/api/snapshots`)).json()) as SnapshotsResponse;
  expect(list.snapshots[0]?.revision).toBe(after.revision);
  await page.screenshot({ path: 'test-results/screenshots/history-rollback.png' });

  // One snapshot against the canvas: from "payload v3, no debug" to the rolled-back flows the debug node is back.
  await rows.nth(1).getByTestId('snapshot-diff-canvas').click();
  await expect(page.getByTestId('diff-after')).toHaveText('Canvas (undeployed)');
  await expect(page.getByTestId('diff-node-out')).toHaveAttribute('data-mark', 'added');
  await expect(page.getByTestId('diff-node-src')).toHaveAttribute('data-mark', 'changed');
  await expect(page.locator('.react-flow__edge.diff-added')).toHaveCount(1);
  await page.getByTestId('diff-exit').click();
  await expect(page.getByTestId('diff-canvas')).toHaveCount(0);

  // A named snapshot of what runs now: listed first, with its name and message, on the same revision.
  await page.getByTestId('history-name-open').click();
  await page.getByTestId('snapshot-name').fill('Before retrofit');
  await page.getByTestId('snapshot-message').fill('line 2 as it ran in week 48');
  await page.getByTestId('snapshot-name-save').click();
  await expect(rows).toHaveCount(5);
  await expect(rows.nth(0)).toContainText('Before retrofit');
  await expect(rows.nth(0)).toContainText('line 2 as it ran in week 48');
  await expect(rows.nth(0)).toContainText('deployed');

  // A teammate's branch meets another in git: the merge driver's file, with a conflict, opens in the
  // import dialog. Both changed the inject's payload (the conflict); theirs also renamed the debug node.
  const edit = (payload: string, outName: string): Flow => ({
    ...FLOW,
    nodes: FLOW.nodes.map((n) =>
      n.id === 'src' ? { ...n, config: { ...n.config, payload } } : { ...n, name: outName },
    ),
  });
  const json = (f: Flow) => JSON.parse(JSON.stringify(f)) as Record<string, unknown>;
  const merged = serializeMergedFlow(mergeFlow(json(FLOW), json(edit('ours', 'out')), json(edit('theirs', 'sink'))));

  await page.getByTestId('open-import').click();
  await page.getByTestId('import-text').fill(merged);
  const conflict = page.getByTestId('merge-conflict');
  await expect(conflict).toHaveCount(1);
  await expect(conflict).toHaveAttribute('data-path', '$.nodes["src"].config.payload');
  await expect(conflict).toContainText('Ours: "ours"');
  await expect(conflict).toContainText('Theirs: "theirs"');
  await expect(conflict).toContainText('Base: "hello"');
  await expect(page.getByTestId('import-confirm')).toBeDisabled();
  await conflict.getByTestId('merge-pick-theirs').check();
  await page.screenshot({ path: 'test-results/screenshots/history-merge-conflict.png' });
  await page.getByTestId('merge-apply').click();
  await expect(page.getByTestId('merge-conflicts')).toHaveCount(0);
  await expect(page.getByTestId('import-summary')).toContainText('Line');
  await expect(page.getByTestId('import-replace')).toBeChecked();
  await page.getByTestId('import-confirm').click();
  await editor.deploy();
  await editor.expectDeployed();
  const line = (await runtime.flows()).flows.find((f) => f.id === 'line');
  expect(line?.nodes.map((n) => [n.id, n.name, n.config['payload']])).toEqual([
    ['src', 'hello', 'theirs'],
    ['out', 'sink', undefined],
  ]);
}

async function deployWithMessage(page: Page, message: string): Promise<void> {
  await page.getByTestId('deploy-mode-toggle').click();
  await page.getByTestId('deploy-with-message').click();
  await page.getByTestId('deploy-message').fill(message);
  await page.getByTestId('deploy-message-submit').click();
}
