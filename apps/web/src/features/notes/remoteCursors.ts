import type { Extension } from '@codemirror/state';
import {
  Decoration,
  EditorView,
  ViewPlugin,
  WidgetType,
  type DecorationSet,
  type ViewUpdate,
} from '@codemirror/view';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { Specialty } from '@app/contracts';
import { isRecord, userOf } from './awareness';
import { specialtyColour } from './colours';

/**
 * The others' cursors and selections in the editor, each in the colour of its owner's specialty
 * with their name above the caret, and this user's own cursor announced to them (the awareness
 * `cursor` field of y-codemirror.next, as relative positions). The colours come from classes of
 * the editor's theme, not from style attributes, which the page's Content Security Policy blocks.
 */
export function remoteCursors(text: Y.Text, awareness: Awareness): Extension {
  return [
    cursorTheme,
    ViewPlugin.define((view) => new RemoteCursors(view, text, awareness), {
      decorations: (plugin) => plugin.decorations,
    }),
  ];
}

const whoClass = (specialty: Specialty) => `cm-notes-who-${specialty}`;

const cursorTheme = EditorView.theme(
  Object.fromEntries(
    Object.values(Specialty).flatMap((specialty) => {
      const { color, colorLight } = specialtyColour(specialty);
      return [
        [`.cm-notes-selection.${whoClass(specialty)}`, { backgroundColor: colorLight }],
        [`.cm-notes-caret.${whoClass(specialty)}`, { borderColor: color }],
        [`.${whoClass(specialty)} .cm-notes-caret-name`, { backgroundColor: color }],
      ];
    }),
  ),
);

class CaretWidget extends WidgetType {
  constructor(
    readonly name: string,
    readonly specialty: Specialty,
  ) {
    super();
  }

  override eq(other: CaretWidget): boolean {
    return other.name === this.name && other.specialty === this.specialty;
  }

  toDOM(): HTMLElement {
    const caret = document.createElement('span');
    caret.className = `cm-notes-caret ${whoClass(this.specialty)}`;
    // The names are listed beside the editor; here they would interrupt the text read aloud.
    caret.setAttribute('aria-hidden', 'true');
    const name = document.createElement('span');
    name.className = 'cm-notes-caret-name';
    name.textContent = this.name;
    // Word joiners give the caret the line's height without adding a character.
    caret.append('\u2060', name, '\u2060');
    return caret;
  }

  override ignoreEvent(): boolean {
    return true;
  }
}

class RemoteCursors {
  decorations: DecorationSet = Decoration.none;
  private readonly onChange = ({
    added,
    updated,
    removed,
  }: {
    added: number[];
    updated: number[];
    removed: number[];
  }) => {
    const own = this.awareness.clientID;
    if ([...added, ...updated, ...removed].some((client) => client !== own)) {
      this.view.dispatch({});
    }
  };

  constructor(
    private readonly view: EditorView,
    private readonly text: Y.Text,
    private readonly awareness: Awareness,
  ) {
    this.awareness.on('change', this.onChange);
    this.decorations = this.draw();
  }

  update(update: ViewUpdate): void {
    this.announce(update);
    this.decorations = this.draw();
  }

  destroy(): void {
    this.awareness.off('change', this.onChange);
  }

  /** Tells the others where this user's cursor is, while the editor has the focus. */
  private announce(update: ViewUpdate): void {
    const local = this.awareness.getLocalState();
    if (!local || !update.view.hasFocus || !update.view.dom.ownerDocument.hasFocus()) return;
    const selection = update.state.selection.main;
    const anchor = Y.createRelativePositionFromTypeIndex(this.text, selection.anchor);
    const head = Y.createRelativePositionFromTypeIndex(this.text, selection.head);
    const current = isRecord(local.cursor) ? local.cursor : null;
    if (
      current &&
      Y.compareRelativePositions(Y.createRelativePositionFromJSON(current.anchor), anchor) &&
      Y.compareRelativePositions(Y.createRelativePositionFromJSON(current.head), head)
    ) {
      return;
    }
    this.awareness.setLocalStateField('cursor', { anchor, head });
  }

  private draw(): DecorationSet {
    const doc = this.text.doc;
    if (!doc) return Decoration.none;
    const length = this.view.state.doc.length;
    const ranges = [];
    for (const [client, state] of this.awareness.getStates()) {
      const user = userOf(state);
      if (client === this.awareness.clientID || !user || !isRecord(state.cursor)) continue;
      const anchor = this.position(state.cursor.anchor, doc);
      const head = this.position(state.cursor.head, doc);
      if (anchor === null || head === null || anchor > length || head > length) continue;
      const { name, specialty } = user;
      if (anchor !== head) {
        ranges.push(
          Decoration.mark({ class: `cm-notes-selection ${whoClass(specialty)}` }).range(
            Math.min(anchor, head),
            Math.max(anchor, head),
          ),
        );
      }
      ranges.push(
        Decoration.widget({
          widget: new CaretWidget(name, specialty),
          // Outside the selection, so this user's own cursor is not drawn inside another's.
          side: head > anchor ? -1 : 1,
        }).range(head),
      );
    }
    return Decoration.set(ranges, true);
  }

  /** Where another client's relative position falls in this text, if it still does. */
  private position(json: unknown, doc: Y.Doc): number | null {
    if (!isRecord(json)) return null;
    // The position comes from another client: a malformed one is ignored, not allowed to throw.
    try {
      const absolute = Y.createAbsolutePositionFromRelativePosition(
        Y.createRelativePositionFromJSON(json),
        doc,
      );
      return absolute && absolute.type === this.text ? absolute.index : null;
    } catch {
      return null;
    }
  }
}
