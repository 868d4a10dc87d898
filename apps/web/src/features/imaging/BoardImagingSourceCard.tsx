import { useState } from 'react';
import { ApiError, errorMessage } from '../../api/errors';
import { Button } from '../../ui/Button';
import { FormError, SelectField } from '../../ui/fields';
import { Card } from '../../ui/Page';
import { QueryView } from '../../ui/states';
import {
  useBoardImagingSource,
  useChooseBoardImagingSource,
  useImagingSources,
  type BoardImagingSource,
  type ImagingSource,
} from './queries';

const TITLE = 'Imaging source (PACS)';
/** The select's entry for "no choice of the board's own"; source ids start with a letter. */
const SERVER_DEFAULT = '_default';

/** What a refused choice means: a 400 is a source the server no longer has (its list changed). */
function choiceProblem(error: unknown): string {
  if (error instanceof ApiError && error.status === 400)
    return `This server no longer has that source (${error.message}). Reload the page to see the sources it has now.`;
  return errorMessage(error);
}

/**
 * The board's settings card for the PACS its study searches use: shown when the server has a
 * source; a choice among several for those who change the board's settings, otherwise the name.
 */
export function BoardImagingSourceCard({
  boardId,
  canEdit,
}: {
  boardId: string;
  canEdit: boolean;
}) {
  const sources = useImagingSources();
  const several = (sources.data?.length ?? 0) > 1;
  const chosen = useBoardImagingSource(boardId, several);
  if (!sources.data || sources.data.length === 0) return null;
  if (!several) {
    return (
      <Card title={TITLE}>
        <p>
          Studies are searched on <strong>{sources.data[0]!.name}</strong>, the only source this
          server has.
        </p>
      </Card>
    );
  }
  const list = sources.data;
  return (
    <Card title={TITLE}>
      <QueryView query={chosen} loadingLabel="Loading the board's source…">
        {(current) => (
          <SourceChoice boardId={boardId} sources={list} current={current} canEdit={canEdit} />
        )}
      </QueryView>
    </Card>
  );
}

function SourceChoice({
  boardId,
  sources,
  current,
  canEdit,
}: {
  boardId: string;
  sources: readonly ImagingSource[];
  current: BoardImagingSource;
  canEdit: boolean;
}) {
  const choose = useChooseBoardImagingSource(boardId);
  const stored = current.sourceId ?? SERVER_DEFAULT;
  // A choice no longer configured is not among the options: nothing is selected until one is.
  const [selected, setSelected] = useState<string | null>(current.configured ? stored : null);
  const [saved, setSaved] = useState(false);
  const serverDefault = sources.find((source) => source.isDefault) ?? sources[0]!;
  const options = [
    { id: SERVER_DEFAULT, label: `This server's default (${serverDefault.name})` },
    ...sources.map((source) => ({ id: source.id, label: source.name })),
  ];
  const stale = !current.configured ? (
    <p className="notice notice-warning">
      The source this board chose (“{current.sourceId}”) is no longer configured on this server;
      searches use {current.source?.name ?? 'no source'} until another is chosen.
    </p>
  ) : null;

  if (!canEdit) {
    return (
      <div className="stack">
        <p>
          This board&apos;s PACS searches use <strong>{current.source?.name ?? 'no source'}</strong>
          {current.sourceId === null ? ", the server's default" : ''}.
        </p>
        {stale}
        <p className="muted small">Only the board&apos;s coordinators change it.</p>
      </div>
    );
  }

  const unchanged = selected === null || selected === stored;
  return (
    <form
      className="stack"
      aria-label={TITLE}
      onSubmit={(event) => {
        event.preventDefault();
        if (selected === null) return;
        choose.mutate(selected === SERVER_DEFAULT ? null : selected, {
          onSuccess: () => setSaved(true),
        });
      }}
    >
      <p className="muted small">
        The PACS the board&apos;s study searches use when linking imaging to a case; a search may
        still name another.
      </p>
      {stale}
      <SelectField
        label={TITLE}
        options={options}
        value={selected}
        onChange={(id) => {
          setSelected(id);
          setSaved(false);
          choose.reset();
        }}
      />
      <FormError message={choose.error ? choiceProblem(choose.error) : null} />
      <div className="row">
        <Button type="submit" variant="primary" isDisabled={unchanged} isPending={choose.isPending}>
          Save imaging source
        </Button>
        <span className="muted small" role="status">
          {saved && unchanged ? 'Imaging source saved.' : ''}
        </span>
      </div>
    </form>
  );
}
