import { describe, expect, it } from 'vitest';
import { clampWidth, RIGHT_SIDEBAR } from './SidebarResizer.js';

describe('clampWidth', () => {
  it('keeps the right sidebar between its minimum and 60 % of the window', () => {
    expect(clampWidth(RIGHT_SIDEBAR, 500, 1280)).toBe(500);
    expect(clampWidth(RIGHT_SIDEBAR, 100, 1280)).toBe(280);
    expect(clampWidth(RIGHT_SIDEBAR, 1000, 1280)).toBe(768);
    // A window too narrow for 60 % still leaves the minimum.
    expect(clampWidth(RIGHT_SIDEBAR, 400, 300)).toBe(280);
  });
});
