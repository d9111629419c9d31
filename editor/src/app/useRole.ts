import type { Role } from '@millwright/model';
import { useEffect, useState } from 'react';
import type { ApiClient } from '../api/api-client.js';
import { useServices } from './useServices.js';

// One GET /api/auth/me per API client, shared by every caller; a failure (not signed in yet) is retried later.
const asked = new WeakMap<ApiClient, Promise<Role | undefined>>();

/** The signed-in role, undefined until known (or when the runtime cannot tell). */
export function useRole(): Role | undefined {
  const { api } = useServices();
  const [role, setRole] = useState<Role>();
  useEffect(() => {
    let live = true;
    let answer = asked.get(api);
    if (!answer) {
      answer = api.me().then(
        (me) => me.role,
        () => {
          asked.delete(api);
          return undefined;
        },
      );
      asked.set(api, answer);
    }
    void answer.then((r) => live && setRole(r));
    return () => {
      live = false;
    };
  }, [api]);
  return role;
}
