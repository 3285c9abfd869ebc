import PDFDocument from 'pdfkit';
import type { TemplateTable } from '../../config/templates/message-template';

/** What a statement of account or a letter shows. */
export interface PdfContent {
  /** Document title (the message subject). */
  title: string;
  /** Sender block, top left. */
  from: readonly string[];
  /** Recipient block, top right. */
  to: readonly string[];
  /** Paragraphs before the table. */
  paragraphs: readonly string[];
  table: TemplateTable;
  /** Paragraphs after the table. */
  closing: readonly string[];
  /** Stamped as the PDF's creation date, from the injected clock, so the same input gives the same bytes. */
  createdAt: Date;
}

/** Renders a statement of account (or a letter) to PDF with pdfkit's built-in Helvetica. */
export function renderPdf(content: PdfContent): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: content.title, Producer: 'arbridge', Creator: 'arbridge', CreationDate: content.createdAt } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font('Helvetica').fontSize(10);
  doc.text(content.from.join('\n'), 50, 50, { width: 240 });
  doc.text(content.to.join('\n'), 320, 110, { width: 225 });
  doc.moveDown(4).font('Helvetica-Bold').fontSize(13).text(content.title, 50).font('Helvetica').fontSize(10).moveDown();
  for (const p of content.paragraphs) doc.text(p).moveDown(0.5);
  const widths = columnWidths(content.table.header.length);
  const row = (cells: readonly string[], bold: boolean) => {
    const y = doc.y;
    let x = 50;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica');
    cells.forEach((cell, i) => {
      const width = widths[i] ?? 80;
      doc.text(cell, x, y, { width: width - 6, align: content.table.numeric.includes(i) ? 'right' : 'left' });
      x += width;
    });
    doc.x = 50;
    doc.moveDown(0.3);
  };
  doc.moveDown(0.5);
  row(content.table.header, true);
  for (const r of content.table.rows) row(r, false);
  doc.font('Helvetica').moveDown();
  for (const p of content.closing) doc.text(p, 50).moveDown(0.5);
  doc.end();
  return done;
}

function columnWidths(count: number): number[] {
  return Array.from({ length: count }, () => Math.floor(495 / Math.max(count, 1)));
}
