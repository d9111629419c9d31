import { describe, expect, it } from 'vitest';
import { ICON_NAMES } from '../../editor/src/canvas/icon-names.js';
import { builtInFamilies } from '../../runtime/src/docs/families.js';

describe('node icons', () => {
  it('every built-in node drawn on the canvas declares an icon the editor can draw (no letter fallbacks)', async () => {
    const missing: string[] = [];
    for (const family of await builtInFamilies())
      for (const def of family.nodes) {
        if (def.isConfig) continue;
        if (!def.icon || !(ICON_NAMES as readonly string[]).includes(def.icon))
          missing.push(`${def.type}: ${def.icon ?? '(none)'}`);
      }
    expect(missing).toEqual([]);
  });
});
