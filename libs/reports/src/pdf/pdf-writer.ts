import PDFDocument from 'pdfkit';
import { HELVETICA, PdfTypeface, substituteFor } from './pdf-typeface';

type Doc = PDFKit.PDFDocument;

/** What the document says about itself (title, author…) and the day it is dated. */
export interface PdfDocumentInfo {
  title: string;
  author: string;
  subject: string;
  /** ISO instant: the creation and modification date, so the same input gives the same bytes. */
  date: string;
  /** BCP 47 tag of the document's main language, for screen readers. */
  language?: string;
}

/** The two footer lines of every page; "Page X of Y" is added on the right of the first. */
export interface PdfFooter {
  line: string;
  below: string;
}

export type PdfTextStyle = 'title' | 'subtitle' | 'heading' | 'body' | 'strong' | 'muted';

type Weight = 'regular' | 'bold';

export const PDF_NONE = 'None';
export const PDF_NOT_RECORDED = 'Not recorded';

const SIZE = { title: 18, subtitle: 12, heading: 12, body: 10, footer: 8 } as const;
const COLOR = { text: '#111111', muted: '#555555', rule: '#9a9a9a' } as const;
const MARGINS = { top: 56, bottom: 72, left: 56, right: 56 };
/** Room a heading needs below it (about three body lines) before it moves to the next page. */
const HEADING_KEEP_WITH_NEXT = 64;
const LABEL_KEEP_WITH_NEXT = 40;
const BULLET_INDENT = 14;
/** How many of the characters a document could not show its printing notes name. */
const MISSING_NAMED = 12;

const STYLES: Record<PdfTextStyle, { weight: Weight; size: number; color: string }> = {
  title: { weight: 'bold', size: SIZE.title, color: COLOR.text },
  subtitle: { weight: 'bold', size: SIZE.subtitle, color: COLOR.text },
  heading: { weight: 'bold', size: SIZE.heading, color: COLOR.text },
  body: { weight: 'regular', size: SIZE.body, color: COLOR.text },
  strong: { weight: 'bold', size: SIZE.body, color: COLOR.text },
  muted: { weight: 'regular', size: SIZE.body, color: COLOR.muted },
};

/** Scripts written from right to left, which pdfkit lays out without reordering the words. */
const RIGHT_TO_LEFT = new RegExp(
  `[${['Hebrew', 'Arabic', 'Syriac', 'Thaana', 'Nko', 'Samaritan', 'Mandaic', 'Adlam']
    .map((script) => `\\p{Script=${script}}`)
    .join('')}]`,
  'u',
);

/**
 * An A4 report written top to bottom: headings kept with the lines below them, paragraphs,
 * labelled fields, bulleted or numbered lists, and on every page a footer with "Page X of Y".
 * Text is folded to what the typeface can show (see `PdfTypeface`); what it could not show is
 * remembered for `printingNotes`. The document is dated by `info.date`, so the same calls give
 * the same bytes.
 */
export class PdfWriter {
  private readonly doc: Doc;
  private readonly bytes: Promise<Buffer>;
  private readonly unshown = new Set<string>();
  private rightToLeft = false;

  constructor(
    info: PdfDocumentInfo,
    private readonly typeface: PdfTypeface = HELVETICA,
  ) {
    const date = new Date(info.date);
    this.doc = new PDFDocument({
      size: 'A4',
      margins: MARGINS,
      bufferPages: true,
      ...(info.language === undefined ? {} : { lang: info.language }),
      info: {
        Title: info.title,
        Author: info.author,
        Subject: info.subject,
        Creator: 'Tumor board collaboration server',
        CreationDate: date,
        ModDate: date,
      },
    });
    this.bytes = collectBytes(this.doc);
    for (const weight of ['regular', 'bold'] as const) {
      const { font } = typeface[weight];
      if (typeof font !== 'string') this.doc.registerFont(weight, font);
    }
  }

  /** One block of text in a style, wrapping across the page width. */
  text(text: string, style: PdfTextStyle = 'body'): void {
    const { weight, size, color } = STYLES[style];
    this.doc.x = this.doc.page.margins.left;
    this.use(weight)
      .fontSize(size)
      .fillColor(color)
      .text(this.fold(text, weight), { width: this.contentWidth() });
  }

  /** A section title with a rule under it, moved to the next page when too close to the end. */
  heading(title: string): void {
    const { doc } = this;
    doc.moveDown(0.9);
    this.keepWithNext(HEADING_KEEP_WITH_NEXT);
    this.text(title, 'heading');
    const y = doc.y + 1;
    doc
      .moveTo(doc.page.margins.left, y)
      .lineTo(doc.page.width - doc.page.margins.right, y)
      .lineWidth(0.5)
      .strokeColor(COLOR.rule)
      .stroke();
    doc.moveDown(0.4);
  }

  /** "Label: value", the label in bold, wrapping under the label; blank is "Not recorded". */
  field(label: string, value: string): void {
    const { doc } = this;
    doc.x = doc.page.margins.left;
    doc.fillColor(COLOR.text).fontSize(SIZE.body);
    this.use('bold').text(this.fold(`${label}: `, 'bold'), { continued: true });
    this.use('regular').text(this.fold(value.trim() || PDF_NOT_RECORDED, 'regular'));
  }

  /** Body text; blank is "None". */
  paragraph(text: string): void {
    this.text(text.trim() || PDF_NONE);
  }

  /**
   * A bold label that stays on the same page as the first lines below it: about three, or
   * `linesBelow` lines of body text when given (to keep a short block together).
   */
  label(label: string, linesBelow?: number): void {
    if (linesBelow === undefined) {
      this.keepWithNext(LABEL_KEEP_WITH_NEXT);
    } else {
      this.use('regular').fontSize(SIZE.body);
      this.keepWithNext((linesBelow + 1) * this.doc.currentLineHeight(true));
    }
    this.text(label, 'strong');
  }

  /** One item per line with a hanging indent (bulleted or numbered); an empty list is "None". */
  list(items: readonly string[], style: 'bulleted' | 'numbered' = 'bulleted'): void {
    if (items.length === 0) {
      this.paragraph(PDF_NONE);
      return;
    }
    const { doc } = this;
    const left = doc.page.margins.left;
    this.use('regular').fontSize(SIZE.body).fillColor(COLOR.text);
    for (const [index, item] of items.entries()) {
      this.keepWithNext(doc.currentLineHeight(true));
      const y = doc.y;
      const marker = style === 'numbered' ? `${index + 1}.` : '\u2022';
      doc.text(this.fold(marker, 'regular'), left, y, { lineBreak: false });
      doc.text(this.fold(item, 'regular'), left + BULLET_INDENT, y, {
        width: this.contentWidth() - BULLET_INDENT,
      });
    }
    doc.x = left;
  }

  /** Vertical space, in lines of the current font. */
  space(lines: number): void {
    this.doc.moveDown(lines);
  }

  /**
   * What the reader should know about how this document shows its text: characters the
   * typeface has no glyph for, and right-to-left text set with its words left to right.
   * Empty when everything written was shown as given.
   */
  printingNotes(): string[] {
    const notes: string[] = [];
    if (this.unshown.size > 0) {
      const codes = [...this.unshown]
        .map((char) => char.codePointAt(0) ?? 0)
        .sort((a, b) => a - b)
        .map(codePointName);
      const named = codes.slice(0, MISSING_NAMED).join(', ');
      const more = codes.length > MISSING_NAMED ? ` and ${codes.length - MISSING_NAMED} more` : '';
      notes.push(
        `Some characters cannot be shown with the font of this document and are printed as ` +
          `"${this.typeface.missing}": ${named}${more}. The text itself is kept unchanged in ` +
          `the record.`,
      );
    }
    if (this.rightToLeft) {
      notes.push(
        'Right-to-left text (such as Hebrew or Arabic) is printed with the letters of each ' +
          'word in order, but with the words of a line placed from left to right and their ' +
          'spacing uneven.',
      );
    }
    return notes;
  }

  /** Writes the footer on every page and finishes the document. */
  end(footer: PdfFooter): Promise<Buffer> {
    const { doc } = this;
    const { start, count } = doc.bufferedPageRange();
    for (let page = start; page < start + count; page++) {
      doc.switchToPage(page);
      const bottomMargin = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      const y = doc.page.height - bottomMargin + 24;
      const width = this.contentWidth();
      const left = doc.page.margins.left;
      this.use('regular').fontSize(SIZE.footer).fillColor(COLOR.muted);
      doc.text(this.fold(footer.line, 'regular'), left, y, { width, lineBreak: false });
      doc.text(`Page ${page - start + 1} of ${count}`, left, y, {
        width,
        align: 'right',
        lineBreak: false,
      });
      doc.text(this.fold(footer.below, 'regular'), left, y + 11, { width, lineBreak: false });
      doc.page.margins.bottom = bottomMargin;
    }
    doc.end();
    return this.bytes;
  }

  /** The face of that weight: a standard font by its name, an embedded one as registered. */
  private use(weight: Weight): Doc {
    const { font } = this.typeface[weight];
    return this.doc.font(typeof font === 'string' ? font : weight);
  }

  private keepWithNext(space: number): void {
    const { doc } = this;
    if (doc.y + space > doc.page.height - doc.page.margins.bottom) doc.addPage();
  }

  private contentWidth(): number {
    const { page } = this.doc;
    return page.width - page.margins.left - page.margins.right;
  }

  /**
   * Text the face can show: its own characters pass unchanged, others are spelled out
   * (≥ → ">=") or lose their accent (ő → "o") when the face lacks them, and anything else is
   * printed as the typeface's `missing` mark and remembered for the printing notes.
   */
  private fold(text: string, weight: Weight): string {
    const face = this.typeface[weight];
    let folded = '';
    for (const char of text.normalize('NFC')) {
      if (face.covers(char)) {
        if (RIGHT_TO_LEFT.test(char)) this.rightToLeft = true;
        folded += char;
        continue;
      }
      const substitute = substituteFor(char, face);
      if (substitute === null) this.unshown.add(char);
      folded += substitute ?? this.typeface.missing;
    }
    return folded;
  }
}

function collectBytes(doc: Doc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

/** "U+4E2D". */
function codePointName(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}
