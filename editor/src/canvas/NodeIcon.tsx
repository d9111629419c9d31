import { memo, type ReactNode } from 'react';

/** Simple line icons (24×24, stroked) for the icon names node types declare; unknown names show a letter. */
const ICONS: Record<string, ReactNode> = {
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
};

/** The icon of a node type, drawn in `currentColor`. */
export const NodeIcon = memo(function NodeIcon({ icon, type }: { icon: string | undefined; type: string }) {
  const glyph = icon ? ICONS[icon] : undefined;
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
