import { memo, type ReactNode } from 'react';
import type { IconName } from './icon-names.js';

/** Simple line icons (24×24, stroked) for the icon names node types declare; unknown names show a letter. */
const ICONS: Record<IconName, ReactNode> = {
  play: <path d="M8 5v14l11-7z" fill="currentColor" />,
  bug: (
    <>
      <rect x="8" y="7" width="8" height="12" rx="4" />
      <path d="M12 7V5M9 4l1.5 2M15 4l-1.5 2M8 11H4M8 15H4M16 11h4M16 15h4" />
    </>
  ),
  code: <path d="M9 7l-5 5 5 5M15 7l5 5-5 5" />,
  split: <path d="M4 12h6l4-5h6M10 12l4 5h6M17 4l3 3-3 3M17 14l3 3-3 3" />,
  merge: <path d="M4 7h6l4 5h6M4 17h6l4-5M17 9l3 3-3 3" />,
  shuffle: <path d="M4 7h4l8 10h4M4 17h4l8-10h4M17 4l3 3-3 3M17 14l3 3-3 3" />,
  clock: (
    <>
      <circle cx="12" cy="12" r="8" />
      <path d="M12 8v4l3 2" />
    </>
  ),
  alert: <path d="M12 4l9 16H3zM12 10v4M12 17v.5" />,
  bell: <path d="M6 16V11a6 6 0 0 1 12 0v5l2 2H4zM10 20a2 2 0 0 0 4 0" />,
  activity: <path d="M3 12h4l3-7 4 14 3-7h4" />,
  download: <path d="M12 4v11M7 10l5 5 5-5M5 20h14" />,
  upload: <path d="M12 16V5M7 10l5-5 5 5M5 20h14" />,
  'log-in': <path d="M14 4h5v16h-5M4 12h11M11 8l4 4-4 4" />,
  'log-out': <path d="M10 4H5v16h5M9 12h11M16 8l4 4-4 4" />,
  'message-square': <path d="M4 5h16v11H9l-5 4z" />,
  scissors: (
    <>
      <circle cx="6" cy="7" r="2.5" />
      <circle cx="6" cy="17" r="2.5" />
      <path d="M8 8.5L20 17M8 15.5L20 7" />
    </>
  ),
  'file-text': <path d="M6 3h8l4 4v14H6zM14 3v4h4M9 12h6M9 16h6" />,
  'folder-tree': <path d="M4 4h5l1 2h5v4H4zM7 10v9h4M7 14h4M11 12h9v4h-9zM11 17h9v4h-9z" />,
  factory: <path d="M3 20V10l5 3V10l5 3V10l5 3V5h3v15zM7 17h2M12 17h2" />,
  'alert-triangle': <path d="M12 4l9 16H3zM12 10v4M12 17v.5" />,
  database: (
    <>
      <ellipse cx="12" cy="5.5" rx="7" ry="2.5" />
      <path d="M5 5.5v13c0 1.4 3.1 2.5 7 2.5s7-1.1 7-2.5v-13M5 12c0 1.4 3.1 2.5 7 2.5s7-1.1 7-2.5" />
    </>
  ),
  table: <path d="M4 5h16v14H4zM4 10h16M4 15h16M10 5v14" />,
  send: <path d="M21 3L10 14M21 3l-7 18-4-7-7-4z" />,
  radio: (
    <>
      <circle cx="12" cy="12" r="2" />
      <path d="M8 8a5.5 5.5 0 0 0 0 8M16 8a5.5 5.5 0 0 1 0 8M5 5a10 10 0 0 0 0 14M19 5a10 10 0 0 1 0 14" />
    </>
  ),
  'bar-chart': <path d="M4 20h16M7 20v-6M12 20V6M17 20v-9" />,
  'trending-up': <path d="M3 17l6-6 4 4 8-8M15 7h6v6" />,
  rss: (
    <>
      <path d="M5 11a8 8 0 0 1 8 8M5 5a14 14 0 0 1 14 14" />
      <circle cx="6" cy="18" r="1.2" />
    </>
  ),
  'mouse-pointer': <path d="M5 3l6 16 2.5-6.5L20 10zM13.5 12.5L19 18" />,
  list: <path d="M9 6h11M9 12h11M9 18h11M4.5 6h.5M4.5 12h.5M4.5 18h.5" />,
  layout: <path d="M4 4h16v16H4zM4 9h16M10 9v11" />,
  hash: <path d="M5 9h14M5 15h14M10 4L8 20M16 4l-2 16" />,
  globe: (
    <>
      <circle cx="12" cy="12" r="8.5" />
      <path d="M3.5 12h17M12 3.5c2.5 2.5 3.5 5.5 3.5 8.5s-1 6-3.5 8.5c-2.5-2.5-3.5-5.5-3.5-8.5s1-6 3.5-8.5z" />
    </>
  ),
  gauge: <path d="M4.5 17a8.5 8.5 0 1 1 15 0M12 13l4-4M12 13v.5" />,
  'folder-search': (
    <>
      <path d="M11 19H4V5h5l2 2h9v4" />
      <circle cx="16.5" cy="15.5" r="2.5" />
      <path d="M18.5 17.5L21 20" />
    </>
  ),
  'file-output': <path d="M14 3H6v18h12v-7M14 3v4h4M10 14h11M18 11l3 3-3 3" />,
  'file-input': <path d="M6 3h8l4 4v14H6zM14 3v4h4M3 14h9M9 11l3 3-3 3" />,
  edit: <path d="M4 20h4L19 9l-4-4L4 16zM13.5 6.5l4 4" />,
  circle: <circle cx="12" cy="12" r="7" />,
  plug: <path d="M9 3v5M15 3v5M6 8h12v3a6 6 0 0 1-12 0zM12 17v4" />,
  cpu: <path d="M7 7h10v10H7zM10 10h4v4h-4zM10 3v4M14 3v4M10 17v4M14 17v4M3 10h4M3 14h4M17 10h4M17 14h4" />,
  layers: <path d="M12 3l9 5-9 5-9-5zM3 13l9 5 9-5" />,
  box: <path d="M12 3l8 4.5v9L12 21l-8-4.5v-9zM4 7.5l8 4.5 8-4.5M12 12v9" />,
};

/** The icon of a node type, drawn in `currentColor`. */
export const NodeIcon = memo(function NodeIcon({ icon, type }: { icon: string | undefined; type: string }) {
  const glyph = icon && icon in ICONS ? ICONS[icon as IconName] : undefined;
  if (!glyph) return <span className="node-letter">{type.charAt(0).toUpperCase()}</span>;
  return (
    <svg
      viewBox="0 0 24 24"
      width="15"
      height="15"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      {glyph}
    </svg>
  );
});
