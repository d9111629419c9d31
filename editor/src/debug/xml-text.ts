/** Whether a string is an XML document or fragment worth showing as XML (B2MML, SOAP answers). */
export function looksLikeXml(s: string): boolean {
  const t = s.trim();
  return t.length > 6 && t.startsWith('<') && t.endsWith('>') && /^<[?!A-Za-z_]/.test(t) && /<\/|\/>|\?>/.test(t);
}

const TOKEN = /(<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<![^>]*>|<\/?[^>]+>)/;

/**
 * Indents XML two spaces per level without parsing it fully, so a truncated or malformed document
 * still shows: elements holding only text stay on one line; text, comments and CDATA are kept as is.
 * Bounded by `maxLines` (the rest becomes one "…" line) so a large document cannot freeze the page.
 */
export function prettyXml(xml: string, maxLines = 2_000): string {
  const parts = xml.split(TOKEN).filter((p) => p.trim() !== '');
  const lines: string[] = [];
  let depth = 0;
  for (let i = 0; i < parts.length; i++) {
    if (lines.length >= maxLines) {
      lines.push('…');
      break;
    }
    const p = (parts[i] ?? '').trim();
    const pad = '  '.repeat(depth);
    const isOpen = /^<[A-Za-z_]/.test(p) && !p.endsWith('/>');
    const isClose = p.startsWith('</');
    const text = parts[i + 1]?.trim() ?? '';
    const closeAfterText = parts[i + 2]?.trim() ?? '';
    if (isOpen && text !== '' && !text.startsWith('<') && closeAfterText.startsWith('</')) {
      // <a>text</a> on one line.
      lines.push(`${pad}${p}${text}${closeAfterText}`);
      i += 2;
    } else if (isOpen && (parts[i + 1]?.trim() ?? '').startsWith('</')) {
      lines.push(`${pad}${p}${(parts[i + 1] ?? '').trim()}`);
      i += 1;
    } else if (isClose) {
      depth = Math.max(0, depth - 1);
      lines.push(`${'  '.repeat(depth)}${p}`);
    } else {
      lines.push(`${pad}${p}`);
      if (isOpen) depth++;
    }
  }
  return lines.join('\n');
}
