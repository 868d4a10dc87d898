export interface NoteSectionView {
  heading: string;
  text: string;
}

export interface NotesView {
  document: string;
  markdown: string;
  sections: NoteSectionView[];
}

export interface NoteSnapshotView {
  id: string;
  document: string;
  /** SHA-256 of the Markdown: what a published recommendation embeds. */
  contentHash: string;
  markdown: string;
  createdBy: string;
  createdAt: string;
}
