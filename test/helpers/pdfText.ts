import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** The text of a PDF, by pdf.js in a child process (extractPdfText.mjs). */
export function pdfText(pdf: Buffer): string {
  return execFileSync(process.execPath, [path.join(__dirname, 'extractPdfText.mjs')], { input: pdf, encoding: 'utf8', timeout: 30_000 });
}
