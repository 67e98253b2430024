// node test/helpers/extractPdfText.mjs < file.pdf: prints the PDF's text, a line per text line (Mozilla's pdf.js).
// A separate process: pdf.js is an ES module with a worker, which jest's module system cannot load.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const document = await getDocument({ data: new Uint8Array(Buffer.concat(chunks)), disableFontFace: true, useSystemFonts: false }).promise;
let text = '';
for (let n = 1; n <= document.numPages; n += 1) {
  const content = await (await document.getPage(n)).getTextContent();
  text += content.items.map((item) => item.str + (item.hasEOL ? '\n' : ' ')).join('') + '\n';
}
process.stdout.write(text);
