import { describe, expect, it } from 'vitest';
import { defineFamilyExtension, type FamilyRoute } from './family-extension.js';
import { NodeRegistry } from './registry.js';

const route = (path: string): FamilyRoute => ({
  method: 'GET',
  path,
  permission: 'flows:read',
  handle: () => ({ body: {} }),
});

describe('family extensions in the registry', () => {
  it('keeps extensions in order; the same object twice counts once', () => {
    const registry = new NodeRegistry();
    const shared = defineFamilyExtension({ id: 'shared', routes: [route('/shared')] });
    registry.addExtension(defineFamilyExtension({ id: 'a', routes: [route('/a')] }), { source: 'pkg-a' });
    registry.addExtension(shared, { source: 'pkg-a' });
    registry.addExtension(shared, { source: 'pkg-b' });
    expect(registry.extensions().map((e) => e.id)).toEqual(['a', 'shared']);
  });

  it('refuses a second extension with the same id, or a route another extension serves', () => {
    const registry = new NodeRegistry();
    registry.addExtension(defineFamilyExtension({ id: 'a', routes: [route('/x/:id')] }), { source: 'pkg-a' });
    expect(() => registry.addExtension({ id: 'a' }, { source: 'pkg-b' })).toThrow(/"a" is already registered by pkg-a/);
    expect(() => registry.addExtension({ id: 'b', routes: [route('/X/:id')] })).toThrow(
      /route GET \/x\/:id of "b" is already served by "a"/,
    );
  });

  it('checks ids and paths when declared', () => {
    expect(() => defineFamilyExtension({ id: 'Bad Id' })).toThrow(/kebab-case/);
    expect(() => defineFamilyExtension({ id: 'ok', routes: [route('no-slash')] })).toThrow(/must start with \//);
  });
});
