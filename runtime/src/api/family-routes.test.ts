import { defineFamilyExtension } from '@millwright/sdk';
import { describe, expect, it } from 'vitest';
import { permissionFor } from '../auth/permissions.js';
import { familyRouteRules } from './family-routes.js';

describe('family route rules', () => {
  it('turn each family route into a permission rule for the auth gate', () => {
    const rules = familyRouteRules([
      defineFamilyExtension({
        id: 'f',
        routes: [{ method: 'POST', path: '/f/:id/go', permission: 'outbox:replay', handle: () => ({ body: null }) }],
      }),
    ]);
    expect(rules).toEqual([{ method: 'POST', path: '/f/:id/go', permission: 'outbox:replay' }]);
    expect(permissionFor('POST', '/f/7/go', rules)).toBe('outbox:replay');
    expect(permissionFor('GET', '/f/7/go', rules)).toBe('admin');
  });

  it('refuse a permission the runtime does not have, naming the route', () => {
    const typo = defineFamilyExtension({
      id: 'f',
      routes: [{ method: 'GET', path: '/f', permission: 'flows:raed', handle: () => ({ body: null }) }],
    });
    expect(() => familyRouteRules([typo])).toThrow(/route GET \/f of "f" asks for permission "flows:raed"/);
  });
});
