import { useId, useState } from 'react';
import { Tab, TabList, TabPanel, Tabs } from 'react-aria-components';
import type { NoteAccessView } from '@app/contracts';
import type { TokenSource } from '../../api/client';
import { Empty, Loading, QueryView } from '../../ui/states';
import { NoteEditor } from './NoteEditor';
import type { NoteDocument } from './NotesConnection';
import { useNotesQuery } from './queries';
import { useNotesConnection } from './useNotesConnection';
import './notes.css';

export interface NotesPanelProps {
  /** The case the room is discussing, if any: its notes are the first tab. */
  caseId: string | null;
  meetingId: string;
  tokens: TokenSource;
}

/**
 * The live room's shared notes: the focused case's notes and the meeting's minutes, one tab
 * each. Both stay open while the room is (so switching tabs keeps edits not yet sent); focusing
 * another case opens that case's notes instead.
 */
export function NotesPanel({ caseId, meetingId, tokens }: NotesPanelProps) {
  const headingId = useId();
  return (
    <section className="notes-panel" aria-labelledby={headingId}>
      {/* For finding the panel by its heading; its tabs say the same to the eye. */}
      <h2 className="visually-hidden" id={headingId}>
        Notes
      </h2>
      <Tabs className="notes-tabs">
        <TabList className="notes-tablist" aria-label="Which notes">
          <Tab id="case" className="notes-tab">
            Case notes
          </Tab>
          <Tab id="meeting" className="notes-tab">
            Meeting minutes
          </Tab>
        </TabList>
        <TabPanel id="case" className="notes-tabpanel" shouldForceMount>
          {caseId ? (
            <SharedNote
              key={caseId}
              document={{ kind: 'cases', id: caseId }}
              label="Case notes"
              tokens={tokens}
            />
          ) : (
            <Empty title="No case in focus">
              The notes of a case open here when the chair focuses it from the agenda.
            </Empty>
          )}
        </TabPanel>
        <TabPanel id="meeting" className="notes-tabpanel" shouldForceMount>
          <SharedNote
            key={meetingId}
            document={{ kind: 'meetings', id: meetingId }}
            label="Meeting minutes"
            tokens={tokens}
          />
        </TabPanel>
      </Tabs>
    </section>
  );
}

/** The note once the server said what this user may do with it; only then is it opened. */
function SharedNote({
  document,
  label,
  tokens,
}: {
  document: NoteDocument;
  label: string;
  tokens: TokenSource;
}) {
  const query = useNotesQuery(document);
  return (
    <QueryView query={query} loadingLabel={`Opening the ${label.toLowerCase()}…`}>
      {(notes) => (
        <LiveNote
          // The server fixes a connection's rights when it opens: other rights need another one.
          key={notes.access.canWrite ? 'write' : 'read'}
          document={document}
          label={label}
          tokens={tokens}
          access={notes.access}
        />
      )}
    </QueryView>
  );
}

function LiveNote({
  document,
  label,
  tokens,
  access,
}: {
  document: NoteDocument;
  label: string;
  tokens: TokenSource;
  access: NoteAccessView;
}) {
  const [generation, setGeneration] = useState(0);
  const connection = useNotesConnection(document, tokens, generation);
  if (!connection) return <Loading label={`Opening the ${label.toLowerCase()}…`} />;
  return (
    <NoteEditor
      connection={connection}
      label={label}
      access={access}
      onReload={() => setGeneration((count) => count + 1)}
    />
  );
}
