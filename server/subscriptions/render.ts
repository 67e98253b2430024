import type { Browser } from 'playwright-core';
import type { Pack } from './pack';

/**
 * A pack as files: an HTML print view (simple tables, one per card: the PDF's source and the
 * e-mail's body), a PDF of that view printed by headless Chromium, and an XLSX workbook with
 * one sheet per card. Chromium is started once per delivery run and each pack printed in a
 * page of it (docs/questions.md says why Chromium rather than a PDF library).
 */
const escape = (text: unknown) =>
  String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function cell(value: unknown): string {
  if (typeof value === 'number') return value.toLocaleString('en-CA', { maximumFractionDigits: 2 });
  return escape(value ?? '');
}

export function packHtml(pack: Pack): string {
  const cards = pack.cards
    .map((card) => {
      const body = card.note
        ? `<p class="note">${escape(card.note)}</p>`
        : `<table><thead><tr>${card.table.columns.map((c) => `<th>${escape(c.header)}</th>`).join('')}</tr></thead><tbody>${card.table.rows
            .map((row) => `<tr>${card.table.columns.map((c) => `<td${typeof row[c.key] === 'number' ? ' class="n"' : ''}>${cell(row[c.key])}</td>`).join('')}</tr>`)
            .join('')}</tbody></table>`;
      return `<section><h2>${escape(card.title)}</h2>${body}</section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(pack.title)}</title>
<style>
  body { font-family: sans-serif; font-size: 10pt; color: #222; margin: 0; }
  h1 { font-size: 16pt; margin: 0 0 4pt; } h2 { font-size: 12pt; margin: 14pt 0 4pt; }
  p.meta { color: #555; margin: 0 0 8pt; } p.note { color: #a00; }
  section { break-inside: avoid; }
  table { border-collapse: collapse; width: 100%; }
  th, td { border: 1px solid #bbb; padding: 2pt 5pt; text-align: left; }
  th { background: #eee; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
</style></head>
<body>
<h1>${escape(pack.title)}</h1>
<p class="meta">${escape(pack.period.from)} – ${escape(pack.period.to)} · for ${escape(pack.recipient)} · generated ${escape(pack.generated_at.slice(0, 16).replace('T', ' '))} UTC</p>
${cards}
</body></html>`;
}

/** Sheet names are unique, at most 31 characters, without []:*?/\ */
function sheetNames(titles: string[]): string[] {
  const used = new Set<string>();
  return titles.map((title, i) => {
    const base = title.replace(/[[\]:*?/\\]/g, ' ').trim().slice(0, 27) || `Card ${i + 1}`;
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n += 1) name = `${base} ${n}`;
    used.add(name.toLowerCase());
    return name;
  });
}

export async function packXlsx(pack: Pack): Promise<Buffer> {
  // loaded on first use, as playwright-core below: each takes a moment to load, and most processes never render a pack
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.created = new Date(pack.generated_at);
  const names = sheetNames(pack.cards.map((c) => c.title));
  pack.cards.forEach((card, i) => {
    const sheet = workbook.addWorksheet(names[i]);
    sheet.addRow([card.title]);
    sheet.addRow([`${pack.period.from} – ${pack.period.to}`]);
    if (card.note) {
      sheet.addRow([card.note]);
      return;
    }
    sheet.addRow(card.table.columns.map((c) => c.header)).font = { bold: true };
    for (const row of card.table.rows) {
      sheet.addRow(card.table.columns.map((c) => {
        const value = row[c.key];
        return value === null || value === undefined ? null : typeof value === 'number' || typeof value === 'boolean' ? value : String(value);
      }));
    }
    sheet.columns.forEach((column, c) => (column.width = Math.min(60, Math.max(12, (card.table.columns[c]?.header.length ?? 10) + 2))));
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export interface PdfPrinter {
  print(html: string): Promise<Buffer>;
  close(): Promise<void>;
}

/** Headless Chromium (the one the browser tests use), started on first use. */
export function chromiumPrinter(executablePath: string): PdfPrinter {
  let browser: Promise<Browser> | null = null;
  return {
    async print(html) {
      browser ??= import('playwright-core').then(({ chromium }) => chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] }));
      const page = await (await browser).newPage();
      try {
        // no network: the view is self-contained, and nothing it names may be fetched
        await page.route('**/*', (route) => route.abort());
        await page.setContent(html, { waitUntil: 'load' });
        return await page.pdf({ format: 'A4', margin: { top: '15mm', bottom: '15mm', left: '12mm', right: '12mm' }, printBackground: true });
      } finally {
        await page.close();
      }
    },
    async close() {
      if (browser) await (await browser.catch(() => null))?.close();
    },
  };
}
