import { readFileSync } from 'node:fs';
import { create as openFont } from 'fontkit';

/** One weight of a typeface: the font text is set in and the characters it has glyphs for. */
export interface PdfFace {
  /** A standard PDF font name ("Helvetica") or the bytes of a TrueType or OpenType file. */
  readonly font: string | Buffer;
  /** Whether the face can show `char`, one code point. */
  covers(char: string): boolean;
}

export interface PdfTypeface {
  readonly regular: PdfFace;
  readonly bold: PdfFace;
  /** Printed in place of a character the face cannot show, even spelled out or unaccented. */
  readonly missing: string;
}

/**
 * The standard Helvetica fonts, which need nothing embedded but are limited to the Windows-1252
 * repertoire (WinAnsi): other characters are spelled out, unaccented, or printed as "?".
 */
export const HELVETICA: PdfTypeface = {
  regular: { font: 'Helvetica', covers: isWinAnsi },
  bold: { font: 'Helvetica-Bold', covers: isWinAnsi },
  missing: '?',
};

/**
 * A typeface embedded from TrueType or OpenType files (only the glyphs used are embedded),
 * showing every character the files have a glyph for. Characters it lacks are printed as "\uFFFD"
 * (or "?" if the files lack that too). Read once: keep the result for every document.
 */
export function embeddedTypeface(files: { regular: string; bold: string }): PdfTypeface {
  const regular = embeddedFace(files.regular);
  const bold = embeddedFace(files.bold);
  const replacement = '\uFFFD';
  return {
    regular,
    bold,
    missing: regular.covers(replacement) && bold.covers(replacement) ? replacement : '?',
  };
}

let dejaVu: PdfTypeface | null = null;

/**
 * DejaVu Sans, embedded: Latin, Greek and Cyrillic print as written. The files are resolved in
 * the dejavu-fonts-ttf package (node_modules), so the same path works from the sources and from
 * the build in dist/; read on first use and kept.
 */
export function dejaVuSans(): PdfTypeface {
  dejaVu ??= embeddedTypeface({
    regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
    bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
  });
  return dejaVu;
}

function embeddedFace(path: string): PdfFace {
  const bytes = readFileSync(path);
  const font = openFont(bytes);
  if (!('hasGlyphForCodePoint' in font)) {
    throw new Error(`${path} is a font collection, not a single font`);
  }
  return {
    font: bytes,
    covers: (char) =>
      char === '\n' ||
      (!/\p{Cc}/u.test(char) && font.hasGlyphForCodePoint(char.codePointAt(0) ?? 0)),
  };
}

/** Characters that clinicians commonly type, spelled the way a typist would. */
const SPELLED_OUT: Readonly<Record<string, string>> = {
  '\u2265': '>=',
  '\u2264': '<=',
  '\u2260': '!=',
  '\u2248': '~',
  '\u2192': '->',
  '\u2190': '<-',
  '\u2212': '-',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2032': "'",
  '\u2033': '"',
  '\u2009': ' ',
  '\u202f': ' ',
  '\u2714': 'v',
  '\u2713': 'v',
  '\u03b1': 'alpha',
  '\u03b2': 'beta',
  '\u03b3': 'gamma',
  '\u03b4': 'delta',
  '\u03ba': 'kappa',
  '\u03bb': 'lambda',
  '\u03bc': '\u00b5',
  '\t': ' ',
  '\r': '',
};

/** The characters above 0x7F that the standard fonts' WinAnsi encoding can show besides Latin-1. */
const WIN_ANSI_EXTRAS = new Set(
  '\u0192\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2020\u2021\u2022\u2026\u20ac\u2030' +
    '\u2039\u203a\u02c6\u2122\u0152\u0153\u02dc\u0160\u0161\u0178\u017d\u017e',
);

function isWinAnsi(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return (
    char === '\n' ||
    (code >= 0x20 && code <= 0x7e) ||
    (code >= 0xa0 && code <= 0xff) ||
    WIN_ANSI_EXTRAS.has(char)
  );
}

/** The character spelled out, or without its accent, if the face can show that; else null. */
export function substituteFor(char: string, face: PdfFace): string | null {
  const spelled = SPELLED_OUT[char];
  if (spelled !== undefined && [...spelled].every((c) => face.covers(c))) return spelled;
  const base = char.normalize('NFKD').replace(/\p{M}/gu, '');
  return base !== '' && [...base].every((c) => face.covers(c)) ? base : null;
}
