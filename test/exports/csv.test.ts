import { crlfRecords } from '../../server/exports/copyCsv';
import { CSV_BOM, csvField, csvRecord } from '../../server/exports/csv';

describe('CSV fields (RFC 4180)', () => {
  it('writes plain text, numbers, booleans and empty values as they are', () => {
    expect(csvRecord(['Ada', 42, 12.5, true, null, undefined])).toBe('Ada,42,12.5,true,,\r\n');
  });

  it('quotes a field holding a comma, a quote, CR or LF, doubling inner quotes', () => {
    expect(csvField('Smith, Jane')).toBe('"Smith, Jane"');
    expect(csvField('the "primary" source')).toBe('"the ""primary"" source"');
    expect(csvField('line one\nline two')).toBe('"line one\nline two"');
    expect(csvField('a\r\nb')).toBe('"a\r\nb"');
  });

  it('ends every record with CRLF', () => {
    expect(csvRecord(['a', 'b']) + csvRecord(['c', 'd'])).toBe('a,b\r\nc,d\r\n');
  });

  it('keeps accents and other Unicode as UTF-8 text, with a byte-order mark available', () => {
    expect(csvField('Frédérique Côté')).toBe('Frédérique Côté');
    expect(Buffer.from(CSV_BOM, 'utf8')).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it.each([
    ['=1+1', "'=1+1"],
    ['+33 1 23', "'+33 1 23"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', `"'\rcmd"`],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
  ])('neutralises the formula-like text %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('leaves negative numbers typed as numbers alone', () => {
    expect(csvRecord([-5, -0.25, 0])).toBe('-5,-0.25,0\r\n');
  });

  it('leaves text that merely contains the characters alone', () => {
    expect(csvField('a=b')).toBe('a=b');
    expect(csvField('jane@example.org')).toBe('jane@example.org');
    expect(csvField('2025-04-01')).toBe('2025-04-01');
  });

  it('writes instants in UTC to the second, as COPY does, and nested values as JSON', () => {
    expect(csvField(new Date('2025-04-01T12:00:00.999Z'))).toBe('2025-04-01 12:00:00');
    expect(csvField([{ q: 'a' }])).toBe('"[{""q"":""a""}]"');
  });
});

describe('COPY records to CRLF', () => {
  it('ends records with CRLF and keeps line breaks inside quoted fields, across chunks', () => {
    const toCrlf = crlfRecords();
    const chunks = ['a,"one\nt', 'wo",b\nc,', 'd\n"x""\n"', ',y\n'].map((text) => Buffer.from(text));
    const out = Buffer.concat(chunks.map(toCrlf)).toString();
    expect(out).toBe('a,"one\ntwo",b\r\nc,d\r\n"x""\n",y\r\n');
  });
});
