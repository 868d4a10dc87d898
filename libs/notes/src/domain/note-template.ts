import { NoteKind } from './document-name';

/** The headings a new note starts with, in the order a board discusses a case. */
export const NOTE_TEMPLATES: Record<NoteKind, readonly string[]> = {
  cases: ['History', 'Imaging', 'Pathology', 'Discussion', 'Proposed recommendation'],
  meetings: ['Attendance', 'Cases discussed', 'Decisions', 'Actions'],
};

export function templateMarkdown(kind: NoteKind): string {
  return NOTE_TEMPLATES[kind].map((heading) => `## ${heading}\n\n`).join('');
}

export interface NoteSection {
  heading: string;
  text: string;
}

/**
 * Splits the Markdown into sections at level-two headings; text before the
 * first heading is a section with an empty heading.
 */
export function markdownSections(markdown: string): NoteSection[] {
  const sections: NoteSection[] = [];
  let current: NoteSection | null = null;
  for (const line of markdown.split('\n')) {
    const heading = /^## (.*)$/.exec(line);
    if (heading) {
      if (current) sections.push(current);
      current = { heading: heading[1].trim(), text: '' };
    } else {
      current ??= { heading: '', text: '' };
      current.text += `${line}\n`;
    }
  }
  if (current) sections.push(current);
  return sections
    .map((section) => ({ heading: section.heading, text: section.text.trim() }))
    .filter((section) => section.heading !== '' || section.text !== '');
}
