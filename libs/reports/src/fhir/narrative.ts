import { FhirNarrative } from './types';

const XHTML = 'http://www.w3.org/1999/xhtml';

/** A narrative `div`: one paragraph per argument, line breaks kept, every text HTML-escaped. */
export function narrative(...paragraphs: string[]): FhirNarrative {
  return { status: 'generated', div: xhtmlDiv(paragraphs.map(paragraph).join('')) };
}

/** Paragraphs followed by a titled bullet list ("None" when the list is empty). */
export function narrativeWithList(
  paragraphs: string[],
  listTitle: string,
  items: string[],
): FhirNarrative {
  const list =
    items.length === 0
      ? paragraph(`${listTitle}: none`)
      : `${paragraph(`${listTitle}:`)}<ul>${items.map((item) => `<li>${escapeText(item)}</li>`).join('')}</ul>`;
  return { status: 'generated', div: xhtmlDiv(paragraphs.map(paragraph).join('') + list) };
}

function xhtmlDiv(body: string): string {
  return `<div xmlns="${XHTML}">${body}</div>`;
}

function paragraph(text: string): string {
  return `<p>${escapeText(text.trim() || 'None')}</p>`;
}

/** XML 1.0 cannot carry most control characters at all, even escaped. */
function isXmlCharacter(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x20) return code === 0x09 || code === 0x0a || code === 0x0d;
  return code !== 0xfffe && code !== 0xffff;
}

function escapeText(text: string): string {
  return [...text]
    .filter(isXmlCharacter)
    .join('')
    .trim()
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/\r?\n/g, '<br/>');
}
