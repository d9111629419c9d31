const KEY = 'millwright.token';

let ssoError: string | undefined;

/**
 * The admin token, if any. A `?token=` in the page URL, or a `#token=` that a single sign-on
 * sends the browser back with, is moved to sessionStorage (and out of the address bar, so it does
 * not end up in bookmarks, history or screenshots). Loopback runtimes need none.
 */
export function readToken(): string | undefined {
  const url = new URL(window.location.href);
  const fragment = new URLSearchParams(url.hash.slice(1));
  const fromUrl = url.searchParams.get('token') ?? fragment.get('token');
  ssoError ??= fragment.get('sso_error') ?? undefined;
  if (fromUrl) sessionStorage.setItem(KEY, fromUrl);
  if (url.searchParams.has('token') || fragment.has('token') || fragment.has('sso_error')) {
    url.searchParams.delete('token');
    url.hash = '';
    window.history.replaceState(null, '', url.toString());
  }
  return sessionStorage.getItem(KEY) ?? undefined;
}

/** Why the last single sign-on failed, when the runtime sent the browser back with `#sso_error=`. */
export function lastSsoError(): string | undefined {
  return ssoError;
}

/** Forgets the token (sign out). */
export function clearToken(): void {
  sessionStorage.removeItem(KEY);
}

/** Remembers a token typed into the "token required" dialog for this browser session. */
export function saveToken(token: string): void {
  sessionStorage.setItem(KEY, token);
}
