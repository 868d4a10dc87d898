import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Form, Link } from 'react-aria-components';
import { useNavigate } from 'react-router';
import { boardKeys } from '../../api/board-queries';
import { data } from '../../api/client';
import { useApi } from '../../api/context';
import { ApiError, errorMessage } from '../../api/errors';
import type { BoardView } from '../../api/types';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { FormError } from '../../ui/fields';
import { Badge, Card, PageHeader } from '../../ui/Page';
import { Empty, QueryView } from '../../ui/states';
import { zoneName } from '../../ui/time';
import { roleLabel } from '../../ui/words';
import { BoardDetailsFields, boardDetailsBody, type BoardDetails } from './BoardDetailsFields';
import './boards.css';

export function BoardsPage() {
  const api = useApi();
  const [creating, setCreating] = useState(false);
  const boards = useQuery({
    queryKey: boardKeys.all,
    queryFn: () => data(api.GET('/api/v1/boards')),
  });
  return (
    <div className="page">
      <PageHeader
        title="Boards"
        subtitle="The tumour boards you belong to."
        actions={
          <Button variant="primary" onPress={() => setCreating(true)}>
            New board
          </Button>
        }
      />
      <QueryView query={boards} loadingLabel="Loading boards…">
        {(list) =>
          list.length === 0 ? (
            <Card>
              <Empty title="You are not on any board yet.">
                Ask a board coordinator to add you, or create a board and become its coordinator.
              </Empty>
            </Card>
          ) : (
            <ul className="board-grid list-plain">
              {list.map((board) => (
                <li key={board.id}>
                  <BoardCard board={board} />
                </li>
              ))}
            </ul>
          )
        }
      </QueryView>
      <CreateBoardDialog isOpen={creating} onOpenChange={setCreating} />
    </div>
  );
}

function BoardCard({ board }: { board: BoardView }) {
  return (
    <article className="card board-card">
      <div className="board-card-head">
        <h2>
          <Link href={`/boards/${board.id}`} className="board-link">
            {board.name}
          </Link>
        </h2>
        <Badge tone={board.myRole ? 'info' : 'neutral'}>{roleLabel(board.myRole)}</Badge>
      </div>
      <p className="muted small">{board.institution}</p>
      {board.tumourSites.length > 0 ? (
        <ul className="chips list-plain" aria-label="Tumour sites">
          {board.tumourSites.map((site) => (
            <li key={site} className="chip">
              {site}
            </li>
          ))}
        </ul>
      ) : null}
      <p className="muted small">Times in {zoneName(board.timezone)}</p>
    </article>
  );
}

function CreateBoardDialog({
  isOpen,
  onOpenChange,
}: {
  isOpen: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [details, setDetails] = useState<BoardDetails>({
    name: '',
    sites: '',
    institution: '',
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    description: '',
  });
  const create = useMutation({
    mutationFn: () =>
      data(
        api.POST('/api/v1/boards', {
          body: boardDetailsBody(details),
        }),
      ),
    onSuccess: async (board) => {
      await queryClient.invalidateQueries({ queryKey: boardKeys.all });
      onOpenChange(false);
      void navigate(`/boards/${board.id}/settings`);
    },
  });
  const problem = create.error instanceof ApiError ? create.error : null;
  const field = (name: string) => problem?.fieldMessages(name).join(' ') || undefined;
  return (
    <Dialog title="New board" isOpen={isOpen} onOpenChange={onOpenChange}>
      <Form
        className="stack"
        validationBehavior="aria"
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate();
        }}
      >
        <BoardDetailsFields
          value={details}
          onChange={setDetails}
          errorOf={field}
          sitesHint="Separate with commas, e.g. lung, mesothelioma, thymus."
        />
        <FormError
          message={create.error && !problem?.details.length ? errorMessage(create.error) : null}
        />
        <p className="muted small">You will be the board&apos;s coordinator.</p>
        <div className="dialog-actions">
          <Button onPress={() => onOpenChange(false)}>Cancel</Button>
          <Button type="submit" variant="primary" isPending={create.isPending}>
            Create board
          </Button>
        </div>
      </Form>
    </Dialog>
  );
}
