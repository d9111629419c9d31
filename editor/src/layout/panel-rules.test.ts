import { describe, expect, it } from 'vitest';
import { activePanel, labelledTabs, roleAtLeast, visiblePanels, type PanelRule } from './panel-rules.js';

interface Ctx {
  chart: boolean;
}
const PANELS: Array<PanelRule<Ctx>> = [
  { id: 'properties' },
  { id: 'debug', role: 'operator' },
  { id: 'chart', available: (c) => c.chart },
  { id: 'admin-only', role: 'admin' },
];
const ids = (ps: ReadonlyArray<{ id: string }>) => ps.map((p) => p.id);

describe('right panel rules', () => {
  it('ranks roles as the runtime does; an unknown role or no minimum passes', () => {
    expect(roleAtLeast('viewer', 'operator')).toBe(false);
    expect(roleAtLeast('editor', 'operator')).toBe(true);
    expect(roleAtLeast('admin', 'admin')).toBe(true);
    expect(roleAtLeast(undefined, 'admin')).toBe(true);
    expect(roleAtLeast('viewer', undefined)).toBe(true);
  });

  it('shows the tabs a role may see and that apply now, in table order', () => {
    expect(ids(visiblePanels(PANELS, { chart: false }, 'viewer'))).toEqual(['properties']);
    expect(ids(visiblePanels(PANELS, { chart: true }, 'operator'))).toEqual(['properties', 'debug', 'chart']);
    expect(ids(visiblePanels(PANELS, { chart: false }, 'admin'))).toEqual(['properties', 'debug', 'admin-only']);
    expect(ids(visiblePanels(PANELS, { chart: false }, undefined))).toEqual(['properties', 'debug', 'admin-only']);
  });

  it('falls back to the first tab when the chosen one is not shown (chart without a chartable node)', () => {
    const visible = visiblePanels(PANELS, { chart: false }, 'editor');
    expect(activePanel(visible, 'chart')?.id).toBe('properties');
    expect(activePanel(visible, 'debug')?.id).toBe('debug');
    expect(activePanel([], 'debug')).toBeUndefined();
  });

  it('keeps tab titles while they fit: the active one always, then the others in table order', () => {
    const full = [90, 60, 50, 70, 50, 70, 70]; // 460 px with every title
    const compact = [30, 40, 30, 30, 30, 30, 30]; // 220 px icons only (debug keeps its count)
    expect(labelledTabs(full, compact, 460, 0)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    // 340 px: 120 px for titles beyond the icons.
    expect(labelledTabs(full, compact, 340, 0)).toEqual([0, 1, 2]);
    // The active tab's title comes first, then table order.
    expect(labelledTabs(full, compact, 340, 6)).toEqual([0, 1, 6]);
    // Too narrow even for icons: the active tab still has its title.
    expect(labelledTabs(full, compact, 100, 3)).toEqual([3]);
  });
});
