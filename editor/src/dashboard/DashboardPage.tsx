import type { DashboardWidgetInfo } from '@millwright/model';
import { memo, useCallback } from 'react';
import { dashboardApi } from './dashboard-api.js';
import { useDashboardPage } from './useDashboardPage.js';
import { WIDGETS } from './widgets/widget-table.js';
import type { WidgetProps } from './widgets/widget-props.js';

/** One widget's card: title and the component for its type. Memoized: the store drives updates. */
const WidgetCard = memo(function WidgetCard(props: WidgetProps) {
  const { widget } = props;
  const Component = WIDGETS[widget.type];
  const width = typeof widget.config['width'] === 'number' ? widget.config['width'] : 1;
  const title = (typeof widget.config['label'] === 'string' && widget.config['label']) || widget.name || widget.type;
  return (
    <section
      className="widget"
      style={{ gridColumn: `span ${width}` }}
      data-testid={`widget-${widget.id}`}
      data-type={widget.type}
    >
      <h2>{title}</h2>
      {Component ? <Component {...props} /> : <p className="muted">Unknown widget {widget.type}</p>}
    </section>
  );
});

/** A dashboard page: header (not in kiosk mode) and its widgets in a responsive grid. */
export function DashboardPage({
  path,
  token,
  kiosk,
  theme,
}: {
  path: string;
  token: string | undefined;
  kiosk: boolean;
  theme: string | null;
}) {
  const { page, error, connection, store } = useDashboardPage(path, token);
  const send = useCallback(
    async (widget: DashboardWidgetInfo, value: unknown) =>
      (await dashboardApi.input(token, path, widget.id, value)).issues ?? [],
    [token, path],
  );
  const shownTheme = theme ?? page?.page.theme ?? 'light';
  const live = connection === 'open' && !error;
  return (
    <div
      className={`dashboard theme-${shownTheme}${kiosk ? ' kiosk' : ''}`}
      data-testid="dashboard"
      data-theme={shownTheme}
      data-live={live}
    >
      {!kiosk && (
        <header className="dash-header">
          <h1 data-testid="page-title">{page?.page.title ?? path}</h1>
          <span className="dash-user" data-testid="dash-user" data-role={page?.user.role}>
            {page ? `${page.user.name} (${page.user.role})` : ''}
          </span>
          <span className={`dash-connection ${live ? 'ok' : 'alarm'}`} data-testid="connection">
            {live ? 'Live' : connection === 'open' ? 'Loading…' : 'Reconnecting…'}
          </span>
        </header>
      )}
      {kiosk && !live && (
        <div className="kiosk-offline" data-testid="connection">
          Reconnecting…
        </div>
      )}
      {error && !page && (
        <p className="dash-error" data-testid="page-error" data-status={error.status}>
          {error.message}
        </p>
      )}
      {page && (
        <main className="dash-grid">
          {page.widgets.map((w) => (
            <WidgetCard
              key={w.id}
              widget={w}
              store={store}
              canInput={page.user.canInput}
              send={(value) => send(w, value)}
            />
          ))}
        </main>
      )}
    </div>
  );
}
