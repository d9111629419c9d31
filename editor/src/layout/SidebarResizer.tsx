import { useCallback, useEffect, type PointerEvent as ReactPointerEvent } from 'react';

/** A sidebar whose width the user drags; remembered in this browser. */
export interface SidebarSpec {
  /** CSS variable the layout reads (`--right-width`). */
  variable: string;
  storageKey: string;
  min: number;
  /** Largest share of the window the sidebar may take. */
  maxShare: number;
  /** Which edge the handle sits on: a right sidebar is dragged by its left edge. */
  edge: 'left' | 'right';
}

export const RIGHT_SIDEBAR: SidebarSpec = {
  variable: '--right-width',
  storageKey: 'millwright.rightWidth',
  min: 280,
  maxShare: 0.6,
  edge: 'left',
};

/** Clamps a wanted width to the sidebar's bounds for a window `windowWidth` wide. */
export function clampWidth(spec: SidebarSpec, wanted: number, windowWidth: number): number {
  return Math.round(Math.max(spec.min, Math.min(wanted, Math.max(spec.min, windowWidth * spec.maxShare))));
}

function apply(spec: SidebarSpec, width: number): void {
  document.documentElement.style.setProperty(spec.variable, `${width}px`);
}

/**
 * The drag handle on a sidebar's inner edge: pointer drag to resize, double-click to reset; the
 * width is kept per browser and applied through a CSS variable so nothing re-renders while dragging.
 */
export function SidebarResizer({ spec }: { spec: SidebarSpec }) {
  useEffect(() => {
    const saved = Number(localStorage.getItem(spec.storageKey));
    if (saved > 0) apply(spec, clampWidth(spec, saved, window.innerWidth));
  }, [spec]);
  const onPointerDown = useCallback(
    (e: ReactPointerEvent<HTMLDivElement>) => {
      const panel = e.currentTarget.parentElement;
      if (!panel) return;
      e.preventDefault();
      const startX = e.clientX;
      const startWidth = panel.getBoundingClientRect().width;
      let width = startWidth;
      const move = (ev: PointerEvent) => {
        const dx = ev.clientX - startX;
        width = clampWidth(spec, startWidth + (spec.edge === 'left' ? -dx : dx), window.innerWidth);
        apply(spec, width);
      };
      const up = () => {
        window.removeEventListener('pointermove', move);
        window.removeEventListener('pointerup', up);
        document.body.classList.remove('resizing');
        localStorage.setItem(spec.storageKey, String(width));
      };
      document.body.classList.add('resizing');
      window.addEventListener('pointermove', move);
      window.addEventListener('pointerup', up);
    },
    [spec],
  );
  const reset = useCallback(() => {
    localStorage.removeItem(spec.storageKey);
    document.documentElement.style.removeProperty(spec.variable);
  }, [spec]);
  return (
    <div
      className={`sidebar-resizer ${spec.edge}`}
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the panel (double-click to reset)"
      title="Drag to resize, double-click to reset"
      onPointerDown={onPointerDown}
      onDoubleClick={reset}
      data-testid="right-resizer"
    />
  );
}
