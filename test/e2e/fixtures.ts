import { test as base, expect, type Page } from '@playwright/test';
import { startRuntime, type RuntimeProcess } from './runtime-process.js';

/** Every test gets its own runtime (fresh data dir) and a page opened on its editor. */
/** File URL of the e2e node types (a config node and a node using it), for `runtimeNodes`. */
export const PLANT_NODES = new URL('./fixtures/plant-nodes.ts', import.meta.url).href;

export const test = base.extend<{
  runtimeToken: string | undefined;
  runtimeNodes: string[];
  /** `true`/`false` start the runtime with `--demo`/`--no-demo`; undefined leaves it to the runtime. */
  runtimeDemo: boolean | undefined;
  runtime: RuntimeProcess;
  editor: EditorPage;
}>({
  runtimeToken: [undefined, { option: true }],
  runtimeNodes: [[], { option: true }],
  runtimeDemo: [undefined, { option: true }],
  runtime: async ({ runtimeToken, runtimeNodes, runtimeDemo }, use) => {
    const runtime = await startRuntime({
      ...(runtimeToken ? { token: runtimeToken } : {}),
      nodes: runtimeNodes,
      ...(runtimeDemo === undefined ? {} : { demo: runtimeDemo }),
    });
    await use(runtime);
    await runtime.stop();
  },
  editor: async ({ page, runtime }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(runtime.url);
    await expect(page.getByTestId('connection')).toHaveText('Live');
    await expect(page.getByTestId('canvas')).toBeVisible();
    await use(new EditorPage(page));
    expect(errors, 'uncaught errors in the page').toEqual([]);
  },
});

export { expect };

/** Gestures on the editor, in the words of the tests. */
export class EditorPage {
  constructor(readonly page: Page) {}

  node(id: string) {
    return this.page.getByTestId(`node-${id}`);
  }

  /** Drags a palette entry onto the canvas at (x, y) relative to the canvas; returns the new node's id. */
  async dropFromPalette(type: string, x: number, y: number): Promise<string> {
    const canvas = this.page.getByTestId('canvas');
    await this.page.getByTestId(`palette-${type}`).dragTo(canvas, { targetPosition: { x, y } });
    const editor = this.page.getByTestId('node-editor');
    await expect(editor).toBeVisible();
    const id = await editor.getAttribute('data-node-id');
    if (!id) throw new Error('no node selected after the drop');
    await expect(this.node(id)).toBeVisible();
    return id;
  }

  /** Drags a wire from an output port to a node's input port. */
  async wire(from: string, to: string, port = 0): Promise<void> {
    const source = this.node(from).locator(`.react-flow__handle[data-handleid="out-${port}"]`);
    const target = this.node(to).locator('.react-flow__handle[data-handleid="in"]');
    const a = await source.boundingBox();
    const b = await target.boundingBox();
    if (!a || !b) throw new Error('port not visible');
    await this.page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
    await this.page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
    await this.page.mouse.up();
    await expect(this.page.locator(`.react-flow__edge[data-id="${from}:${port}>${to}:0"]`)).toHaveCount(1);
  }

  /** Selects a node by clicking its label. */
  async select(id: string): Promise<void> {
    await this.node(id).locator('.mw-node-label').click();
    await expect(this.page.getByTestId('node-editor')).toHaveAttribute('data-node-id', id);
  }

  /** Replaces the text of a CodeMirror field. */
  async setCode(field: string, code: string): Promise<void> {
    const content = this.page.getByTestId(`field-${field}`).locator('.cm-content');
    await content.click();
    await this.page.keyboard.press('ControlOrMeta+A');
    // insertText skips key events, so CodeMirror's bracket auto-closing does not add characters.
    await this.page.keyboard.insertText(code);
  }

  async deploy(mode?: 'full' | 'flows' | 'nodes'): Promise<void> {
    if (mode) {
      await this.page.getByTestId('deploy-mode-toggle').click();
      await this.page.getByTestId(`deploy-mode-${mode}`).click();
      await expect(this.page.getByTestId('deploy')).toHaveAttribute('data-mode', mode);
    }
    await this.page.getByTestId('deploy').click();
  }

  async expectDeployed(): Promise<void> {
    await expect(this.page.getByTestId('toast-success').filter({ hasText: 'Deployed' }).last()).toBeVisible();
    await expect(this.page.getByTestId('dirty-indicator')).toHaveText('All changes deployed');
  }

  /** Opens the debug tab and returns the entries list. */
  async debugEntries() {
    await this.page.getByTestId('tab-debug').click();
    return this.page.getByTestId('debug-entry');
  }
}
