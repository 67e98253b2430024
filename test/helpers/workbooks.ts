import ExcelJS from 'exceljs';
import type request from 'supertest';

/** Reads an XLSX download answered with `status`: the response, and its workbook's first sheet. */
export async function xlsxSheet(test: request.Test, status = 200): Promise<{ res: request.Response; sheet: ExcelJS.Worksheet }> {
  const res = await test
    .buffer(true)
    .parse((response, callback) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => callback(null, Buffer.concat(chunks)));
    })
    .expect(status);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(res.body as ExcelJS.Buffer);
  return { res, sheet: workbook.worksheets[0] };
}
