const KEY = 'millwright.token';

/**
 * The admin token, if any. A `?token=` in the page URL is moved to sessionStorage (and out of the
 * address bar, so it does not end up in bookmarks or screenshots). Loopback runtimes need none.
 */
export function readToken(): string | undefined {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.toString());
  }
  return sessionStorage.getItem(KEY) ?? undefined;
}

/** Remembers a token typed into the "token required" dialog for this browser session. */
export function saveToken(token: string): void {
  sessionStorage.setItem(KEY, token);
}
