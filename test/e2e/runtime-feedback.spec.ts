import type { Flow } from '@millwright/model';
import { expect, test } from './fixtures.js';

/** Two injects into a function that reports a status and throws on "boom", then a debug showing its value as status. */
const FLOW: Flow = {
  version: 1,
  id: 'feedback',
  name: 'Feedback',
  nodes: [
    {
      id: 'ok',
      type: 'inject',
      typeVersion: 1,
      name: 'ok',
      config: { payloadType: 'string', payload: 'fine' },
      position: { x: 120, y: 100 },
    },
    {
      id: 'bad',
      type: 'inject',
      typeVersion: 1,
      name: 'bad',
      config: { payloadType: 'string', payload: 'boom' },
      position: { x: 120, y: 200 },
    },
    {
      id: 'check',
      type: 'function',
      typeVersion: 1,
      name: 'check',
      config: {
        code: "if (msg.payload === 'boom') throw new Error('bad part');\nnode.status({ fill: 'green', shape: 'dot', text: 'checked ' + msg.payload });\nreturn msg;",
      },
      position: { x: 340, y: 150 },
    },
    {
      id: 'show',
      type: 'debug',
      typeVersion: 1,
      name: 'show',
      config: { statusText: true },
      position: { x: 560, y: 150 },
    },
  ],
  wires: [
    { from: { node: 'ok', port: 0 }, to: { node: 'check', port: 0 } },
    { from: { node: 'bad', port: 0 }, to: { node: 'check', port: 0 } },
    { from: { node: 'check', port: 0 }, to: { node: 'show', port: 0 } },
  ],
};

test('status badges and errors from the runtime appear on the nodes and in the debug sidebar', async ({
  editor,
  page,
}) => {
  // Import by pasting JSON into the import dialog.
  await page.getByTestId('open-import').click();
  await page.getByTestId('import-text').fill(JSON.stringify(FLOW));
  await page.getByTestId('import-confirm').click();
  await editor.deploy('full');
  await editor.expectDeployed();

  await page.getByTestId('inject-ok').click();
  await expect(page.getByTestId('status-check')).toHaveText('checked fine');
  await expect(page.getByTestId('status-check').locator('.mw-status-dot')).toHaveClass(/green/);
  await expect(page.getByTestId('status-show')).toContainText('fine');

  await page.getByTestId('inject-bad').click();
  await expect(editor.node('check')).toHaveClass(/errored/);
  await expect(page.getByTestId('error-check')).toContainText('bad part');
  const entries = await editor.debugEntries();
  const error = entries.filter({ has: page.locator('.debug-error-text') });
  await expect(error).toHaveCount(1);
  await expect(error.getByTestId('debug-node')).toHaveText('check');
  await expect(error).toContainText('bad part');
  await page.screenshot({ path: 'test-results/screenshots/editor-status-and-errors.png' });

  // Filtering by selected node keeps only that node's messages.
  await page.getByTestId('debug-scope').selectOption('selected');
  await expect(entries).toHaveCount(0);
  await editor.node('show').locator('.mw-node-label').click();
  await expect(entries).toHaveCount(1);
  await page.getByTestId('debug-scope').selectOption('all');

  // Pause holds new messages until resumed; clear empties the list.
  await page.getByTestId('debug-pause').click();
  await page.getByTestId('inject-ok').click();
  await expect(page.getByTestId('debug-pause')).toContainText('Resume (1)');
  await expect(entries).toHaveCount(2);
  await page.getByTestId('debug-pause').click();
  await expect(entries).toHaveCount(3);
  await page.getByTestId('debug-clear').click();
  await expect(entries).toHaveCount(0);

  // A deploy that changes the flow restarts it: the error highlight and the old statuses go. While
  // it starts again, its tab says so; once it runs, the badge goes.
  await page.getByTestId('tab-properties').click();
  await editor.select('check');
  await editor.setCode('code', "node.status({ fill: 'blue', shape: 'ring', text: 'v2' });\nreturn msg;");
  await editor.deploy('full');
  await editor.expectDeployed();
  await expect(editor.node('check')).not.toHaveClass(/errored/);
  await expect(page.getByTestId('status-check')).toHaveCount(0);
  await expect(page.getByTestId('tab-state-feedback')).toHaveCount(0);
  await page.getByTestId('inject-ok').click();
  await expect(page.getByTestId('status-check')).toHaveText('v2');
});
