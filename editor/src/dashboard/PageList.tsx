import type { DashboardPageInfo } from '@millwright/model';
import { useEffect, useState } from 'react';
import { dashboardApi } from './dashboard-api.js';

/** `/dashboard`: the pages the caller may open. */
export function PageList({ token }: { token: string | undefined }) {
  const [pages, setPages] = useState<DashboardPageInfo[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    dashboardApi.pages(token).then(
      (r) => setPages(r.pages),
      (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
    );
  }, [token]);
  return (
    <div className="dashboard theme-light page-list">
      <header className="dash-header">
        <h1>Dashboards</h1>
      </header>
      {error && <p className="dash-error">{error}</p>}
      <ul>
        {(pages ?? []).map((p) => (
          <li key={p.id}>
            <a href={`${window.location.pathname.replace(/\/?$/, '/')}${p.path}`} data-testid={`page-link-${p.path}`}>
              {p.title}
            </a>
          </li>
        ))}
        {pages?.length === 0 && <li className="muted">No dashboard page is deployed.</li>}
      </ul>
    </div>
  );
}
