import type { ReactNode } from 'react';

/** Renders the `code` spans node authors use in descriptions; everything else stays text. */
export function renderInlineMarkdown(text: string): ReactNode[] {
  return text
    .split(/(`[^`]+`)/g)
    .map((part, i) =>
      part.startsWith('`') && part.endsWith('`') && part.length > 1 ? <code key={i}>{part.slice(1, -1)}</code> : part,
    );
}
