import { describe, expect, it } from 'vitest';
import { roleFromClaims } from './oidc-login.js';

const settings = {
  roleClaim: 'groups',
  roles: { 'mw-admins': 'admin', engineers: 'editor', staff: 'viewer' },
} as const;

describe('roleFromClaims', () => {
  it('gives the strongest mapped role of a list claim', () => {
    expect(roleFromClaims({ groups: ['staff', 'engineers', 'other'] }, settings)).toEqual({
      role: 'editor',
      values: ['staff', 'engineers', 'other'],
    });
  });

  it('reads space- or comma-separated strings and ignores values that are not strings', () => {
    expect(roleFromClaims({ groups: 'staff, mw-admins' }, settings).role).toBe('admin');
    expect(roleFromClaims({ groups: [1, { x: 1 }, 'staff'] }, settings).role).toBe('viewer');
  });

  it('falls back to the default role, else none; inherited object keys never map', () => {
    expect(roleFromClaims({ groups: ['contractors'] }, settings).role).toBeUndefined();
    expect(roleFromClaims({}, { ...settings, defaultRole: 'viewer' }).role).toBe('viewer');
    expect(roleFromClaims({ groups: ['constructor', '__proto__', 'toString'] }, settings).role).toBeUndefined();
  });
});
