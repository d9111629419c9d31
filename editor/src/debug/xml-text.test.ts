import { describe, expect, it } from 'vitest';
import { looksLikeXml, prettyXml } from './xml-text.js';

describe('XML in the debug sidebar', () => {
  it('recognises documents and fragments, not other text', () => {
    expect(looksLikeXml('<?xml version="1.0"?><a/>')).toBe(true);
    expect(looksLikeXml('  <ProductionSchedule><ID>1</ID></ProductionSchedule>\n')).toBe(true);
    expect(looksLikeXml('a < b > c')).toBe(false);
    expect(looksLikeXml('<not closed')).toBe(false);
    expect(looksLikeXml('<3 <3>')).toBe(false);
  });

  it('indents per level, keeps text elements on one line, and keeps comments and CDATA', () => {
    const xml =
      '<?xml version="1.0"?><ProductionSchedule xmlns="http://www.mesa.org/xml/B2MML"><ID>PS-1</ID>' +
      '<!-- plan --><ProductionRequest><ID>WO-7</ID><Quantity><QuantityString>1.000</QuantityString></Quantity>' +
      '<Empty/><Note><![CDATA[a < b]]></Note></ProductionRequest></ProductionSchedule>';
    expect(prettyXml(xml)).toBe(
      [
        '<?xml version="1.0"?>',
        '<ProductionSchedule xmlns="http://www.mesa.org/xml/B2MML">',
        '  <ID>PS-1</ID>',
        '  <!-- plan -->',
        '  <ProductionRequest>',
        '    <ID>WO-7</ID>',
        '    <Quantity>',
        '      <QuantityString>1.000</QuantityString>',
        '    </Quantity>',
        '    <Empty/>',
        '    <Note>',
        '      <![CDATA[a < b]]>',
        '    </Note>',
        '  </ProductionRequest>',
        '</ProductionSchedule>',
      ].join('\n'),
    );
  });

  it('shows a truncated document and stops at the line bound', () => {
    expect(prettyXml('<a><b>1</b><c>')).toBe('<a>\n  <b>1</b>\n  <c>');
    const many = `<r>${'<i>1</i>'.repeat(50)}</r>`;
    const lines = prettyXml(many, 10).split('\n');
    expect(lines).toHaveLength(11);
    expect(lines.at(-1)).toBe('…');
  });
});
