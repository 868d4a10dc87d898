import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Form } from 'react-aria-components';
import { useParams } from 'react-router';
import { BoardAction, COC_REQUIRED_SPECIALTIES, Specialty, mayOnBoard } from '@app/contracts';
import { boardActor, boardKeys, useBoardQuery } from '../../api/board-queries';
import { data } from '../../api/client';
import { useApi, useMe } from '../../api/context';
import { ApiError, errorMessage } from '../../api/errors';
import type { BoardView } from '../../api/types';
import { Button } from '../../ui/Button';
import { CheckboxField, FormError, NumberInput, SelectField } from '../../ui/fields';
import { Card } from '../../ui/Page';
import { QueryView } from '../../ui/states';
import { SPECIALTY_OPTIONS } from '../../ui/words';
import { BoardDetailsFields, boardDetailsBody, type BoardDetails } from './BoardDetailsFields';
import { ReadinessTemplateCard } from './ReadinessTemplateCard';
import './boards.css';

const THRESHOLDS = [
  { id: 'simple_majority', label: 'Simple majority (more than half)' },
  { id: 'two_thirds', label: 'Two thirds' },
  { id: 'unanimous', label: 'Unanimous' },
  { id: 'custom', label: 'Custom percentage' },
];

type Threshold = BoardView['votingPolicy']['threshold'];

/** What the settings tab hands to settings of other features composed into it (app/pages). */
export interface BoardSettingsContext {
  board: BoardView;
  /** The signed-in person changes the board's settings (coordinators, admins). */
  canEdit: boolean;
}

/**
 * The board's settings; `moreSettings` renders settings other features keep for the board (its
 * imaging source), each saved on its own.
 */
export function SettingsTab({
  moreSettings,
}: {
  moreSettings?: (context: BoardSettingsContext) => ReactNode;
}) {
  const { boardId = '' } = useParams();
  const me = useMe();
  const board = useBoardQuery(boardId);
  return (
    <QueryView query={board}>
      {(view) => {
        const canEdit = mayOnBoard(boardActor(me, view.myRole), BoardAction.Manage);
        return (
          <>
            <SettingsForm board={view} />
            {moreSettings ? moreSettings({ board: view, canEdit }) : null}
            <ReadinessTemplateCard boardId={boardId} canEdit={canEdit} />
          </>
        );
      }}
    </QueryView>
  );
}

function SettingsForm({ board }: { board: BoardView }) {
  const api = useApi();
  const me = useMe();
  const queryClient = useQueryClient();
  const canEdit = mayOnBoard(boardActor(me, board.myRole), BoardAction.Manage);
  const [details, setDetails] = useState<BoardDetails>({
    name: board.name,
    sites: board.tumourSites.join(', '),
    institution: board.institution,
    timezone: board.timezone,
    description: board.description,
  });
  const [required, setRequired] = useState<string[]>(board.quorumPolicy.requiredSpecialties);
  const [minVoting, setMinVoting] = useState<number | null>(board.quorumPolicy.minVotingMembers);
  const [threshold, setThreshold] = useState<Threshold>(board.votingPolicy.threshold);
  const [abstentions, setAbstentions] = useState(board.votingPolicy.abstentionsCountTowardQuorum);
  const [blind, setBlind] = useState(board.votingPolicy.blindUntilClose);
  const [casting, setCasting] = useState(board.votingPolicy.chairCastingVote);
  const [savedAt, setSavedAt] = useState<Date | null>(null);

  const save = useMutation({
    mutationFn: () =>
      data(
        api.PATCH('/api/v1/boards/{boardId}', {
          params: { path: { boardId: board.id } },
          body: {
            ...boardDetailsBody(details),
            quorumPolicy: {
              requiredSpecialties: required as Specialty[],
              minVotingMembers: minVoting ?? 0,
            },
            votingPolicy: {
              threshold,
              abstentionsCountTowardQuorum: abstentions,
              blindUntilClose: blind,
              chairCastingVote: casting,
            },
          },
        }),
      ),
    onSuccess: async (updated) => {
      queryClient.setQueryData(boardKeys.board(board.id), updated);
      await queryClient.invalidateQueries({ queryKey: boardKeys.all });
      setSavedAt(new Date());
    },
  });
  const problem = save.error instanceof ApiError ? save.error : null;
  const field = (path: string) => problem?.fieldMessages(path).join(' ') || undefined;
  const readOnly = !canEdit;

  return (
    <Form
      validationBehavior="aria"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      {readOnly ? (
        <p className="notice">Only the board&apos;s coordinators change these settings.</p>
      ) : null}
      <div className="grid-2">
        <Card title="Board">
          <div className="stack">
            <BoardDetailsFields
              value={details}
              onChange={setDetails}
              errorOf={field}
              isReadOnly={readOnly}
              sitesHint="Separate with commas."
            />
          </div>
        </Card>
        <div>
          <Card title="Quorum">
            <fieldset className="group" disabled={readOnly}>
              <legend>Specialties that must be present</legend>
              <div className="specialty-grid">
                {SPECIALTY_OPTIONS.map((option) => (
                  <CheckboxField
                    key={option.id}
                    isDisabled={readOnly}
                    isSelected={required.includes(option.id)}
                    onChange={(on) =>
                      setRequired((current) =>
                        on ? [...current, option.id] : current.filter((id) => id !== option.id),
                      )
                    }
                  >
                    {option.label}
                  </CheckboxField>
                ))}
              </div>
              {!readOnly ? (
                <Button
                  size="small"
                  variant="quiet"
                  onPress={() => setRequired([...COC_REQUIRED_SPECIALTIES])}
                >
                  Use the Commission on Cancer core disciplines
                </Button>
              ) : null}
              {field('quorumPolicy.requiredSpecialties') ? (
                <p className="field-error">{field('quorumPolicy.requiredSpecialties')}</p>
              ) : null}
            </fieldset>
            <NumberInput
              label="Minimum voting members present"
              value={minVoting}
              onChange={setMinVoting}
              minValue={1}
              maxValue={100}
              isReadOnly={readOnly}
              errorMessage={field('quorumPolicy.minVotingMembers')}
            />
          </Card>
          <Card title="Voting">
            <div className="stack">
              <SelectField
                label="Consensus threshold"
                options={THRESHOLDS}
                value={threshold.kind}
                isReadOnly={readOnly}
                onChange={(kind) =>
                  setThreshold(
                    kind === 'custom' ? { kind: 'custom', percent: 75 } : ({ kind } as Threshold),
                  )
                }
                errorMessage={field('votingPolicy.threshold')}
              />
              {threshold.kind === 'custom' ? (
                <NumberInput
                  label="Percentage of votes cast needed"
                  value={threshold.percent}
                  minValue={51}
                  maxValue={100}
                  isReadOnly={readOnly}
                  onChange={(percent) => setThreshold({ kind: 'custom', percent: percent ?? 0 })}
                  errorMessage={field('votingPolicy.threshold.percent')}
                />
              ) : null}
              <CheckboxField
                isSelected={abstentions}
                onChange={setAbstentions}
                isDisabled={readOnly}
              >
                Abstentions count toward the quorum
              </CheckboxField>
              <CheckboxField isSelected={blind} onChange={setBlind} isDisabled={readOnly}>
                Ballots stay hidden until the vote closes
              </CheckboxField>
              <CheckboxField isSelected={casting} onChange={setCasting} isDisabled={readOnly}>
                The chair has a casting vote on a tie
              </CheckboxField>
            </div>
          </Card>
        </div>
      </div>
      {canEdit ? (
        <div className="save-bar">
          <FormError
            message={
              save.error && !problem?.details.length
                ? errorMessage(save.error)
                : problem?.details.length
                  ? 'Some settings need correcting: see the messages above.'
                  : null
            }
          />
          <span className="muted small" role="status">
            {savedAt
              ? `Saved at ${savedAt.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}`
              : ''}
          </span>
          <Button type="submit" variant="primary" isPending={save.isPending}>
            Save settings
          </Button>
        </div>
      ) : null}
    </Form>
  );
}
