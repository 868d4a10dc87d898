import * as Y from 'yjs';
import { NOTE_TEXT } from '@app/contracts';
import { documentFromPath, parseDocumentName } from './document-name';
import { markdownSections, templateMarkdown } from './note-template';
import { retryDelayMs, shouldCompact } from './compaction';
import { foreignRoots, updateRefusal } from './note-state';

const ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

describe('document names', () => {
  it.each([
    [`cases/${ID}`, { kind: 'cases', id: ID, name: `cases/${ID}` }],
    [`meetings/${ID}`, { kind: 'meetings', id: ID, name: `meetings/${ID}` }],
    [`cases/${ID.toUpperCase()}`, { kind: 'cases', id: ID, name: `cases/${ID}` }],
  ])('parses %s', (raw, expected) => {
    expect(parseDocumentName(raw)).toEqual(expected);
  });

  it.each([
    '',
    'cases',
    `cases/${ID}/x`,
    `boards/${ID}`,
    'cases/not-a-uuid',
    `cases/${ID} `,
    `/cases/${ID}`,
    `cases//${ID}`,
    `../cases/${ID}`,
  ])('refuses %j', (raw) => {
    expect(parseDocumentName(raw)).toBeNull();
  });

  it.each([
    [`/collab/cases/${ID}?token=abc`, `cases/${ID}`],
    [`/collab/cases%2F${ID}`, `cases/${ID}`],
    [`/collab/meetings/${ID}`, `meetings/${ID}`],
    [`/socket.io/?EIO=4`, null],
    [`/collab/cases/%E0%A4%A`, null],
    [`/collab/`, null],
  ])('reads the document from the upgrade path %s', (path, expected) => {
    expect(documentFromPath(path)?.name ?? null).toBe(expected);
  });
});

describe('note templates', () => {
  it('starts a case discussion with the board’s headings', () => {
    expect(templateMarkdown('cases')).toBe(
      '## History\n\n## Imaging\n\n## Pathology\n\n## Discussion\n\n## Proposed recommendation\n\n',
    );
    expect(markdownSections(templateMarkdown('meetings')).map((s) => s.heading)).toEqual([
      'Attendance',
      'Cases discussed',
      'Decisions',
      'Actions',
    ]);
  });

  it.each([
    ['', []],
    ['free text', [{ heading: '', text: 'free text' }]],
    [
      'intro\n## A\nline 1\nline 2\n\n## B\n',
      [
        { heading: '', text: 'intro' },
        { heading: 'A', text: 'line 1\nline 2' },
        { heading: 'B', text: '' },
      ],
    ],
    ['## A\n### sub\ntext', [{ heading: 'A', text: '### sub\ntext' }]],
    [
      '# Title\n## A\nx',
      [
        { heading: '', text: '# Title' },
        { heading: 'A', text: 'x' },
      ],
    ],
  ])('splits %j into sections', (markdown, expected) => {
    expect(markdownSections(markdown)).toEqual(expected);
  });
});

describe('compaction and retries', () => {
  const policy = { maxUpdates: 500, maxBytes: 1_000_000 };
  it.each([
    [{ updates: 0, bytes: 0 }, false],
    [{ updates: 499, bytes: 999_999 }, false],
    [{ updates: 500, bytes: 0 }, true],
    [{ updates: 1, bytes: 1_000_000 }, true],
  ])('shouldCompact(%j) is %s', (log, expected) => {
    expect(shouldCompact(log, policy)).toBe(expected);
  });

  it.each([
    [0, 0],
    [1, 100],
    [2, 200],
    [5, 1600],
    [7, 5000],
    [100, 5000],
  ])('after %i failures waits %i ms', (failures, delay) => {
    expect(retryDelayMs(failures)).toBe(delay);
  });
});

describe('what a note accepts', () => {
  const updateOf = (write: (doc: Y.Doc) => void, after?: Y.Doc): Uint8Array => {
    const doc = new Y.Doc();
    if (after) Y.applyUpdate(doc, Y.encodeStateAsUpdate(after));
    const before = Y.encodeStateVector(doc);
    write(doc);
    return Y.encodeStateAsUpdate(doc, before);
  };

  it('accepts edits of the note’s text, formatting included', () => {
    expect(foreignRoots(updateOf((doc) => doc.getText(NOTE_TEXT).insert(0, '# Plan')))).toEqual([]);
    expect(
      foreignRoots(updateOf((doc) => doc.getText(NOTE_TEXT).insert(0, 'bold', { bold: true }))),
    ).toEqual([]);
    const base = new Y.Doc();
    base.getText(NOTE_TEXT).insert(0, 'Discussion');
    expect(
      foreignRoots(updateOf((doc) => doc.getText(NOTE_TEXT).insert(5, ' and plan'), base)),
    ).toEqual([]);
    expect(foreignRoots(updateOf((doc) => doc.getText(NOTE_TEXT).delete(0, 3), base))).toEqual([]);
  });

  it('names every other root an update writes to', () => {
    expect(foreignRoots(updateOf((doc) => doc.getMap('x').set('hidden', 'y'.repeat(100))))).toEqual(
      ['x'],
    );
    expect(
      foreignRoots(
        updateOf((doc) => {
          doc.getText(NOTE_TEXT).insert(0, 'visible');
          doc.getArray('a').push([1]);
          doc.getText('other').insert(0, 'shadow');
          doc.getXmlFragment('prosemirror').insert(0, [new Y.XmlText('x')]);
        }),
      ),
    ).toEqual(['a', 'other', 'prosemirror']);
  });

  it('refuses types nested in the text, and updates Yjs could not apply', () => {
    expect(
      updateRefusal(updateOf((doc) => doc.getText(NOTE_TEXT).insert(0, 'Plan', { bold: true }))),
    ).toBeNull();
    expect(updateRefusal(updateOf((doc) => doc.getMap('x').set('k', 1)))).toBe(
      "a note holds only its text, not 'x'",
    );
    const nested = updateOf((doc) => {
      const map = new Y.Map<string>();
      doc.getText(NOTE_TEXT).insertEmbed(0, map);
      map.set('hidden', 'x');
    });
    expect(updateRefusal(nested)).toBe('a note holds only its text, not types nested in it');
    // No structs; one deletion of client 42 at clock 5, of length 0.
    expect(updateRefusal(Uint8Array.of(0, 1, 42, 1, 5, 0))).toBe('not an update Yjs can apply');
  });

  it('throws on bytes that are not an update (the connection answers "malformed")', () => {
    expect(() => foreignRoots(new Uint8Array([0xff, 0xff, 0xff, 0x01]))).toThrow();
  });
});
