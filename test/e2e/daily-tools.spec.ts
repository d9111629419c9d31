import { expect, test } from './fixtures.js';

test('quick-add by typing a name on the canvas, and Ctrl+F finds a config value in another flow and jumps to it', async ({
  editor,
  page,
}) => {
  // Ctrl+click on empty canvas opens quick-add at that point; Enter drops the first match there.
  const canvas = page.getByTestId('canvas');
  await canvas.click({ position: { x: 300, y: 220 }, modifiers: ['ControlOrMeta'] });
  await expect(page.getByTestId('quick-add')).toBeVisible();
  await page.getByTestId('quick-add-input').fill('inj');
  await expect(page.getByTestId('quick-add-item').first()).toContainText('inject');
  await page.screenshot({ path: 'test-results/quick-add.png' });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('quick-add')).toHaveCount(0);
  const inject = await page.getByTestId('node-editor').getAttribute('data-node-id');
  if (!inject) throw new Error('no node added');
  const box = await editor.node(inject).boundingBox();
  const area = await canvas.boundingBox();
  // Dropped where the click was (the node is centred on it, snapped to the grid).
  expect(Math.abs((box?.x ?? 0) + (box?.width ?? 0) / 2 - ((area?.x ?? 0) + 300))).toBeLessThan(40);
  await page.getByTestId('field-payloadType').selectOption('string');
  await page.getByTestId('field-payload').fill('LOT-4711');

  // "/" opens it too; arrows choose among matches.
  await page.getByTestId('add-flow').click();
  await canvas.click({ position: { x: 500, y: 400 } });
  await page.keyboard.press('/');
  await page.getByTestId('quick-add-input').fill('debug');
  await page.keyboard.press('Enter');
  await expect(page.locator('.react-flow__node-mw')).toHaveCount(1);

  // Ctrl+F from the second flow: the inject's payload matches; Enter opens its flow and selects it.
  await canvas.click({ position: { x: 600, y: 450 } });
  await page.keyboard.press('ControlOrMeta+F');
  await page.getByTestId('search-input').fill('lot-47');
  await expect(page.getByTestId('search-item')).toHaveCount(1);
  await expect(page.getByTestId('search-item')).toContainText('config.payload: LOT-4711');
  await page.screenshot({ path: 'test-results/search-flows.png' });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('node-editor')).toHaveAttribute('data-node-id', inject);
  await expect(editor.node(inject)).toBeVisible();
});

test('the help tab explains the selected node from its schema: ports, config keys with defaults, an example', async ({
  editor,
  page,
}) => {
  await editor.dropFromPalette('switch', 300, 200);
  await page.getByTestId('tab-help').click();
  const help = page.getByTestId('help-panel');
  await expect(help.locator('h3')).toContainText('switch');
  await expect(page.getByTestId('help-config')).toContainText('property');
  await expect(page.getByTestId('help-config')).toContainText('rules');
  await expect(page.getByTestId('help-example')).toContainText('"type": "switch"');
  // Any type can be looked up without placing it.
  await page.getByTestId('help-type').selectOption('http-request');
  await expect(page.getByTestId('help-config')).toContainText('url');
  await expect(page.getByTestId('help-config')).not.toContainText('rules[]');
  await page.screenshot({ path: 'test-results/help-tab.png' });
});

test('the flow lists its config nodes with the nodes using them, and marks unused ones', async ({ editor, page }) => {
  const endpoint = (id: string, name: string) => ({
    id,
    type: 'opcua-endpoint',
    typeVersion: 1,
    name,
    config: { endpointUrl: 'opc.tcp://127.0.0.1:4840' },
  });
  const flow = {
    version: 1,
    id: 'cfg',
    name: 'Counts',
    nodes: [
      {
        id: 'good',
        type: 'opcua-read',
        typeVersion: 1,
        name: 'good count',
        config: { endpoint: 'plc', nodeId: 'ns=1;s=Good' },
        position: { x: 200, y: 150 },
      },
    ],
    wires: [],
    configs: [endpoint('plc', 'line PLC'), endpoint('spare', 'old PLC')],
  };
  await page.getByTestId('open-import').click();
  await page.getByTestId('import-text').fill(JSON.stringify(flow));
  await page.getByTestId('import-confirm').click();
  await page.getByTestId('canvas').click({ position: { x: 600, y: 500 } });
  await expect(page.getByTestId('config-plc')).toContainText('used by good count');
  await expect(page.getByTestId('unused-spare')).toContainText('unused');
  await expect(page.getByTestId('unused-plc')).toHaveCount(0);
  await page.getByTestId('config-plc').getByRole('button', { name: 'good count' }).click();
  await expect(page.getByTestId('node-editor')).toHaveAttribute('data-node-id', 'good');
  await expect(editor.node('good')).toBeVisible();
});

test('the right panel resizes by dragging (kept after a reload) and code opens in a full-size editor', async ({
  editor,
  page,
}) => {
  const panel = page.getByTestId('right-panel');
  const before = (await panel.boundingBox())?.width ?? 0;
  const handle = (await page.getByTestId('right-resizer').boundingBox()) ?? { x: 0, y: 0, width: 0, height: 0 };
  await page.mouse.move(handle.x + handle.width / 2, handle.y + 200);
  await page.mouse.down();
  await page.mouse.move(handle.x - 200, handle.y + 200, { steps: 5 });
  await page.mouse.up();
  const wider = (await panel.boundingBox())?.width ?? 0;
  expect(wider - before).toBeGreaterThan(180);
  await page.reload();
  await expect(page.getByTestId('canvas')).toBeVisible();
  expect(Math.abs(((await panel.boundingBox())?.width ?? 0) - wider)).toBeLessThan(2);

  await editor.dropFromPalette('function', 300, 200);
  const code = page.getByTestId('field-code');
  await page.getByTestId('expand-code').click();
  expect((await code.boundingBox())?.width ?? 0).toBeGreaterThan(900);
  await editor.setCode('code', 'msg.payload = msg.payload * 2;\nreturn msg;');
  await page.screenshot({ path: 'test-results/code-expanded.png' });
  await page.keyboard.press('Escape');
  expect((await code.boundingBox())?.width ?? 0).toBeLessThan(wider);
  await expect(code).toContainText('msg.payload * 2');
});

test('right-click menus: a node offers duplicate, disable and delete; empty canvas offers adding a node there', async ({
  editor,
  page,
}) => {
  const a = await editor.dropFromPalette('delay', 300, 200);
  await editor.node(a).locator('.mw-node-label').click({ button: 'right' });
  await expect(page.getByTestId('context-menu')).toBeVisible();
  await page.screenshot({ path: 'test-results/context-menu.png' });
  await page.getByTestId('menu-duplicate').click();
  await expect(page.locator('.react-flow__node-mw')).toHaveCount(2);
  await expect(page.getByTestId('context-menu')).toHaveCount(0);

  await editor.node(a).locator('.mw-node-label').click({ button: 'right' });
  await page.getByTestId('menu-toggle-disabled').click();
  await expect(editor.node(a)).toHaveClass(/disabled/);
  await editor.node(a).locator('.mw-node-label').click({ button: 'right' });
  await page.getByTestId('menu-delete').click();
  await expect(editor.node(a)).toHaveCount(0);

  await page.getByTestId('canvas').click({ position: { x: 500, y: 420 }, button: 'right' });
  await expect(page.getByTestId('menu-delete')).toHaveCount(0);
  await page.getByTestId('menu-add').click();
  await page.getByTestId('quick-add-input').fill('debug');
  await page.keyboard.press('Enter');
  await expect(page.locator('.react-flow__node-mw')).toHaveCount(2);
});

test('at 1280 px with eight flows every tab stays reachable and the new-flow button stays on screen', async ({
  editor,
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(editor.page.getByTestId('canvas')).toBeVisible();
  for (let i = 0; i < 7; i++) await page.getByTestId('add-flow').click();
  await expect(page.locator('.tabs > .tab')).toHaveCount(8);
  const add = await page.getByTestId('add-flow').boundingBox();
  const strip = await page.locator('.tabs').boundingBox();
  expect((add?.x ?? 0) + (add?.width ?? 0)).toBeLessThanOrEqual((strip?.x ?? 0) + (strip?.width ?? 0) + 1);
  await page.getByTestId('add-flow').click();
  await expect(page.locator('.tabs > .tab')).toHaveCount(9);
  // The new (open) flow's tab is scrolled into view, its name readable.
  const active = page.locator('.tabs > .tab.active');
  await expect(active).toBeInViewport({ ratio: 1 });
  await expect(active.locator('.tab-name')).toHaveText('Flow 9');
  expect(await active.locator('.tab-name').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  await page.screenshot({ path: 'test-results/many-tabs-1280.png' });
});

test('the deploy button counts the flows of the deploy as they report running', async ({ editor, page }) => {
  await editor.dropFromPalette('inject', 200, 200);
  for (let i = 0; i < 2; i++) {
    await page.getByTestId('add-flow').click();
    await editor.dropFromPalette('debug', 300, 200);
  }
  // Every text the button shows during the deploy, however briefly.
  // (A string: the test's TypeScript has no DOM types.)
  await page.evaluate(`{
    const button = document.querySelector('[data-testid="deploy"]');
    const seen = (window.deployTexts = []);
    new MutationObserver(() => seen.push(button.textContent)).observe(button, {
      subtree: true,
      characterData: true,
      childList: true,
    });
  }`);
  await editor.deploy();
  await editor.expectDeployed();
  const texts = (await page.evaluate('window.deployTexts')) as string[];
  expect(texts).toContain('Deploying… 0/3');
  expect(texts.at(-1)).toBe('Deploy');
});

test('the right panel tab strip holds seven tabs at 340 px: icons with tooltips, the active title shown, arrow keys', async ({
  editor,
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  // An OPC UA endpoint (OPC UA tab) and a quality check selected (Chart tab): all seven tabs.
  const flow = {
    version: 1,
    id: 'tabs',
    name: 'Tabs',
    configs: [
      {
        id: 'plc',
        type: 'opcua-endpoint',
        typeVersion: 1,
        name: 'plc',
        config: { endpointUrl: 'opc.tcp://127.0.0.1:1' },
      },
    ],
    nodes: [{ id: 'qc', type: 'quality-check', typeVersion: 1, name: 'qc', config: {}, position: { x: 200, y: 150 } }],
    wires: [],
  };
  await page.getByTestId('open-import').click();
  await page.getByTestId('import-text').fill(JSON.stringify(flow));
  await page.getByTestId('import-confirm').click();
  await editor.select('qc');
  const strip = page.locator('.panel-tabs');
  const tabs = strip.getByRole('tab');
  await expect(tabs).toHaveCount(7);
  expect(Math.round((await page.getByTestId('right-panel').boundingBox())?.width ?? 0)).toBe(340);
  const fits = () => strip.evaluate((el) => el.scrollWidth <= el.clientWidth);
  expect(await fits()).toBe(true);
  // Later tabs collapse to their icon; the name stays as tooltip and accessible name.
  await expect(page.getByTestId('tab-properties').locator('.tab-title')).toHaveText('Properties');
  await expect(page.getByTestId('tab-opcua')).toHaveAttribute('data-compact', '');
  await expect(page.getByTestId('tab-opcua')).toHaveAttribute('title', 'OPC UA');
  await expect(page.getByRole('tab', { name: 'OPC UA' })).toBeVisible();
  const titled = await strip.locator('.panel-tablist .tab-title').allTextContents();
  console.log(`tab strip at 340 px: titles shown ${JSON.stringify(titled)} of 7 tabs`);
  // A compact tab, once chosen, shows its title; the strip still fits.
  await page.getByTestId('tab-opcua').click();
  await expect(page.getByTestId('tab-opcua')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('tab-opcua').locator('.tab-title')).toHaveText('OPC UA');
  expect(await fits()).toBe(true);
  for (const t of await tabs.all()) await expect(t).toBeInViewport({ ratio: 1 });
  await page.getByTestId('right-panel').screenshot({ path: 'test-results/right-panel-tabs-340.png' });
  // Keyboard: one tab stop; arrows, Home and End choose and focus.
  await page.keyboard.press('ArrowLeft'); // focus is on the clicked tab
  await expect(page.getByTestId('tab-context')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('tab-context')).toBeFocused();
  await page.keyboard.press('Home');
  await expect(page.getByTestId('tab-properties')).toBeFocused();
  await expect(page.getByTestId('node-editor')).toBeVisible();
  await page.keyboard.press('End');
  await expect(page.getByTestId('tab-opcua')).toHaveAttribute('aria-selected', 'true');
  expect(await strip.locator('[role="tab"][tabindex="0"]').count()).toBe(1);
  // A wider sidebar gives every tab its title back.
  await page.evaluate("document.documentElement.style.setProperty('--right-width', '620px')");
  await expect(strip.locator('.panel-tablist .tab-title')).toHaveCount(7);
});
