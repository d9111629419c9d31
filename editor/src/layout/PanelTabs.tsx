import { useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { NodeIcon } from '../canvas/NodeIcon.js';
import type { IconName } from '../canvas/icon-names.js';
import { labelledTabs } from './panel-rules.js';

/** One tab of the strip: what `RIGHT_PANELS` says about it now. */
export interface PanelTab {
  id: string;
  title: string;
  icon: IconName;
  count: number;
}

interface Fit {
  full: number[];
  compact: number[];
  available: number;
}

const sameFit = (a: Fit | undefined, b: Fit) =>
  !!a && a.available === b.available && a.full.join() === b.full.join() && a.compact.join() === b.compact.join();

/**
 * The right panel's tab strip. Every tab has an icon; titles show while they fit and collapse to
 * the icon (title as tooltip and accessible name) from the end of the table, the active tab
 * keeping its title. Widths are measured on a hidden copy of the strip, again when the sidebar is
 * resized. Arrow keys, Home and End move between tabs (one tab stop, as in the ARIA tabs pattern).
 */
export function PanelTabs({
  tabs,
  active,
  onSelect,
}: {
  tabs: readonly PanelTab[];
  active: string | undefined;
  onSelect(id: string): void;
}) {
  const strip = useRef<HTMLDivElement>(null);
  const measure = useRef<HTMLDivElement>(null);
  const [fit, setFit] = useState<Fit>();
  // A badge's width changes with its digits, not with every new count: measure again only then.
  const shape = tabs.map((t) => `${t.id}:${t.title}:${t.count > 0 ? String(t.count).length : 0}`).join('|');
  useLayoutEffect(() => {
    const el = strip.current;
    const copy = measure.current;
    if (!el || !copy) return;
    const read = () => {
      const width = (sel: string) =>
        [...copy.querySelectorAll<HTMLElement>(sel)].map((b) => Math.ceil(b.getBoundingClientRect().width));
      const next = { full: width('.full'), compact: width('.compact'), available: el.clientWidth };
      setFit((prev) => (sameFit(prev, next) ? prev : next));
    };
    read();
    const observer = new ResizeObserver(read);
    observer.observe(el);
    return () => observer.disconnect();
  }, [shape]);

  const activeIndex = tabs.findIndex((t) => t.id === active);
  const labelled = new Set(
    fit && fit.full.length === tabs.length
      ? labelledTabs(fit.full, fit.compact, fit.available, activeIndex)
      : tabs.map((_, i) => i),
  );
  const focusTab = (i: number) => {
    const tab = tabs[(i + tabs.length) % tabs.length];
    if (!tab) return;
    onSelect(tab.id);
    strip.current?.querySelector<HTMLElement>(`[data-testid="tab-${tab.id}"]`)?.focus();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const step = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
    if (step !== undefined) focusTab(activeIndex + step);
    else if (e.key === 'Home') focusTab(0);
    else if (e.key === 'End') focusTab(tabs.length - 1);
    else return;
    e.preventDefault();
  };
  const content = (t: PanelTab, withTitle: boolean) => (
    <>
      <NodeIcon icon={t.icon} type={t.id} />
      {withTitle && <span className="tab-title">{t.title}</span>}
      {t.count > 0 && <span className="count">{t.count}</span>}
    </>
  );
  return (
    <div className="panel-tabs" ref={strip}>
      <div role="tablist" aria-label="Side panels" className="panel-tablist" onKeyDown={onKeyDown}>
        {tabs.map((t, i) => {
          const selected = i === activeIndex;
          const withTitle = labelled.has(i);
          return (
            <button
              key={t.id}
              type="button"
              role="tab"
              aria-selected={selected}
              aria-label={t.count > 0 ? `${t.title} (${t.count})` : t.title}
              title={t.title}
              tabIndex={selected || (activeIndex < 0 && i === 0) ? 0 : -1}
              className={`${selected ? 'active' : ''} ${withTitle ? '' : 'compact'}`}
              data-compact={withTitle ? undefined : ''}
              onClick={() => onSelect(t.id)}
              data-testid={`tab-${t.id}`}
            >
              {content(t, withTitle)}
            </button>
          );
        })}
      </div>
      {/* Hidden copy, both ways, for the widths. */}
      <div className="panel-tabs-measure" ref={measure} aria-hidden="true">
        {tabs.map((t) => (
          <span key={t.id}>
            <button type="button" tabIndex={-1} className="full">
              {content(t, true)}
            </button>
            <button type="button" tabIndex={-1} className="compact">
              {content(t, false)}
            </button>
          </span>
        ))}
      </div>
    </div>
  );
}
