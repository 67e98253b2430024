import { PassThrough, type Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import { dateSerial, instantSerial } from './instants';
import type { CellFormat, Column } from './send';
import { waitForDrain } from './backpressure';

/**
 * Writes rows as an XLSX workbook to `out`, streaming with flat memory: the worksheet XML is
 * written here, row by row, into a zip entry (yazl), and each chunk waits until the zip's
 * compressor has taken the previous ones — back-pressure from the compressor and from `out`
 * reaches the row source, so a slow client or a slow deflate slows the database read instead
 * of piling the sheet up in memory (exceljs' streaming writer accepted every row at once:
 * +600 MB for 1.17 M referrals, bench/README.md).
 *
 * Cells: numbers as numbers, booleans as booleans, text as inline strings (no shared-strings
 * table to keep; a spreadsheet never evaluates an inline string, so no formula neutralisation
 * is needed), nested values (jsonb) as JSON text. Dates, instants and money are numbers with a
 * number format, so a spreadsheet sorts, filters and adds them: a `date` column's YYYY-MM-DD
 * text as a date (`yyyy-mm-dd`), an instant (a JS Date, or the text of an `instant` column) as
 * a date and time in UTC to the second (`yyyy-mm-dd hh:mm:ss`, as the CSV writes it,
 * instants.ts), a `money` column's number with two decimals (`#,##0.00`). A sheet holds at most Excel's
 * 1,048,576 rows; longer downloads continue on "<name> (2)", "<name> (3)"…, each with the
 * header row. `out` is ended when the workbook is complete.
 */
export const MAX_SHEET_ROWS = 1_048_576;
/** Deflate level of the sheets: 1 is several times faster than zlib's default 6, for files ~15 % larger. */
const COMPRESSION_LEVEL = 1;
/** Sheet XML is handed to the zip in chunks of about this many characters. */
const CHUNK = 64 * 1024;

export async function writeXlsx(
  out: Writable,
  columns: readonly Column[],
  rows: AsyncIterable<Record<string, unknown>>,
  sheetName = 'Data',
  options: { maxSheetRows?: number } = {},
): Promise<void> {
  const workbook = new XlsxWriter(out, columns, sheetName, options);
  try {
    for await (const row of rows) {
      if (workbook.failure) break;
      const behind = workbook.add(columns.map((c) => row[c.key]));
      if (behind) await behind;
    }
    await workbook.finish();
  } catch (error) {
    await workbook.abort(error);
  }
}

/**
 * One workbook being written: `add` a row's values in column order (it answers a promise when
 * the compressor is behind — await it before the next row), then `finish`, or `abort` on a
 * failure (the output is destroyed, never a file that looks whole). `failure` is set once the
 * output failed or went away: stop adding.
 */
export class XlsxWriter {
  failure: unknown = null;
  private readonly zip = new ZipFile();
  private readonly mtime = new Date();
  private readonly delivered: Promise<void>;
  private readonly refs: string[];
  private readonly formats: (CellFormat | undefined)[];
  private readonly head: string;
  private readonly maxRows: number;
  private readonly names: string[] = [];
  private sheet: PassThrough | null = null;
  private chunk = '';
  private rowNumber = 0;

  constructor(
    out: Writable,
    private readonly columns: readonly Column[],
    private readonly sheetName = 'Data',
    options: { maxSheetRows?: number } = {},
  ) {
    this.maxRows = options.maxSheetRows ?? MAX_SHEET_ROWS;
    this.refs = columns.map((_, i) => `<c r="${columnLetters(i)}`);
    this.formats = columns.map((c) => c.format);
    this.head = sheetHead(columns);
    this.delivered = pipeline(this.zip.outputStream, out);
    this.delivered.catch((error) => this.fail(error));
    this.openSheet();
  }

  add(values: readonly unknown[]): Promise<void> | null {
    if (this.rowNumber === this.maxRows) {
      this.closeSheet();
      this.openSheet();
    }
    this.rowNumber += 1;
    this.chunk += rowXml(this.refs, this.formats, this.rowNumber, values);
    if (this.chunk.length < CHUNK) return null;
    const more = this.sheet!.write(this.chunk);
    this.chunk = '';
    return more ? null : waitForDrain(this.sheet!);
  }

  async finish(): Promise<void> {
    if (this.failure) throw this.failure;
    this.closeSheet();
    for (const [path, xml] of workbookParts(this.names)) this.zip.addBuffer(Buffer.from(xml), path, { mtime: this.mtime });
    this.zip.end();
    await this.delivered;
  }

  async abort(error: unknown): Promise<never> {
    this.fail(error);
    (this.zip.outputStream as Readable).destroy(error instanceof Error ? error : new Error(String(error)));
    await this.delivered.catch(() => undefined);
    throw this.failure;
  }

  private fail(error: unknown): void {
    this.failure ??= error;
    this.sheet?.destroy();
  }

  private openSheet(): void {
    this.names.push(sheetTitle(this.sheetName, this.names.length + 1));
    this.sheet = new PassThrough({ highWaterMark: 4 * CHUNK });
    this.zip.addReadStream(this.sheet, `xl/worksheets/sheet${this.names.length}.xml`, { mtime: this.mtime, compressionLevel: COMPRESSION_LEVEL });
    this.rowNumber = 1;
    this.chunk = this.head + rowXml(this.refs, [], this.rowNumber, this.columns.map((c) => c.header));
  }

  private closeSheet(): void {
    this.sheet!.end(`${this.chunk}</sheetData></worksheet>`);
    this.chunk = '';
  }
}

/** A, B, … Z, AA, AB, … */
export function columnLetters(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** The cell styles of styles.xml: 0 general, then one per number format. */
const STYLE: Record<CellFormat, number> = { date: 1, instant: 2, money: 3 };

/** A number and its style for a date, instant or amount; null when the value is not one. */
function formatted(format: CellFormat | undefined, value: unknown): string | null {
  if (value instanceof Date) return Number.isFinite(value.getTime()) ? `" s="${STYLE.instant}"><v>${instantSerial(value)}</v></c>` : null;
  if (format === undefined) return null;
  const serial =
    format === 'money' ? (typeof value === 'number' && Number.isFinite(value) ? value : null)
    : typeof value !== 'string' ? null
    : format === 'date' ? dateSerial(value)
    : instantSerial(value);
  return serial === null ? null : `" s="${STYLE[format]}"><v>${serial}</v></c>`;
}

function rowXml(refs: readonly string[], formats: readonly (CellFormat | undefined)[], rowNumber: number, values: readonly unknown[]): string {
  let xml = `<row r="${rowNumber}">`;
  for (let i = 0; i < values.length; i += 1) {
    const value = values[i];
    if (value === null || value === undefined) continue;
    const ref = refs[i] + rowNumber;
    const number = formatted(formats[i], value);
    if (number !== null) {
      xml += ref + number;
    } else if (typeof value === 'number') {
      if (Number.isFinite(value)) xml += `${ref}"><v>${value}</v></c>`;
    } else if (typeof value === 'boolean') {
      xml += `${ref}" t="b"><v>${value ? 1 : 0}</v></c>`;
    } else {
      xml += `${ref}" t="inlineStr"><is>${textXml(cellText(value))}</is></c>`;
    }
  }
  return `${xml}</row>`;
}

function cellText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

/**
 * Characters XML 1.0 cannot hold (C0 controls but tab, LF and CR; U+FFFE and U+FFFF) are
 * written as OOXML's `_xHHHH_` escapes, and a literal `_xHHHH_` gets its underscore escaped,
 * so every text reads back as it was. A CR is written `&#13;`: XML readers turn a literal one
 * into LF.
 */
const NEEDS_ESCAPE = /[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|_x[0-9A-Fa-f]{4}_/;
const ESCAPES = /[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|_(?=x[0-9A-Fa-f]{4}_)/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };

function textXml(text: string): string {
  const escaped = NEEDS_ESCAPE.test(text)
    ? text.replace(ESCAPES, (c) => ENTITIES[c] ?? `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`)
    : text;
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  // Leading or trailing white space survives only with xml:space="preserve".
  return first <= 32 || last <= 32 ? `<t xml:space="preserve">${escaped}</t>` : `<t>${escaped}</t>`;
}

function attribute(text: string): string {
  return text.replace(/[&<>"]/g, (c) => (c === '"' ? '&quot;' : ENTITIES[c]));
}

/** Sheet names: at most 31 characters, none of : \ / ? * [ ], unique in the workbook. */
function sheetTitle(name: string, index: number): string {
  const base = name.replace(/[:\\/?*[\]]/g, '_').trim() || 'Data';
  if (index === 1) return base.slice(0, 31);
  const suffix = ` (${index})`;
  return base.slice(0, 31 - suffix.length) + suffix;
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

function sheetHead(columns: readonly Column[]): string {
  const cols = columns
    .map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${Math.min(60, Math.max(10, c.header.length + 2))}" customWidth="1"/>`)
    .join('');
  return `${XML_DECLARATION}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">${cols ? `<cols>${cols}</cols>` : ''}<sheetData>`;
}

/** The parts around the sheets: content types, relationships, the workbook, the styles of the number formats. */
function workbookParts(names: readonly string[]): [string, string][] {
  const sheetType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml';
  const overrides = names.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${sheetType}"/>`).join('');
  const sheetRels = names
    .map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
    .join('');
  const sheets = names.map((name, i) => `<sheet name="${attribute(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('');
  return [
    [
      '[Content_Types].xml',
      `${XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        `${overrides}</Types>`,
    ],
    [
      '_rels/.rels',
      `${XML_DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ],
    [
      'xl/workbook.xml',
      `${XML_DECLARATION}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets>${sheets}</sheets></workbook>`,
    ],
    [
      'xl/_rels/workbook.xml.rels',
      `${XML_DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheetRels}` +
        `<Relationship Id="rId${names.length + 1}" Type="${REL_NS}/styles" Target="styles.xml"/></Relationships>`,
    ],
    [
      'xl/styles.xml',
      `${XML_DECLARATION}<styleSheet xmlns="${MAIN_NS}">` +
        '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>' +
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>' +
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
        '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
        '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
        '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
        '<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' +
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
        '</styleSheet>',
    ],
  ];
}
