import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  ComboBox,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Text,
  FieldError,
} from 'react-aria-components';
import { useParams } from 'react-router';
import { BoardAction, BoardRole, mayOnBoard } from '@app/contracts';
import {
  boardActor,
  boardKeys,
  useBoardMembersQuery,
  useBoardQuery,
} from '../../api/board-queries';
import { data } from '../../api/client';
import { useApi, useMe } from '../../api/context';
import { errorMessage } from '../../api/errors';
import type { BoardMemberView } from '../../api/types';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { CheckboxField, FormError, SelectField } from '../../ui/fields';
import { Badge, Card } from '../../ui/Page';
import { Empty, QueryView } from '../../ui/states';
import { ROLE_OPTIONS, roleLabel, specialtyLabel } from '../../ui/words';
import './boards.css';

export function MembersTab() {
  const { boardId = '' } = useParams();
  const me = useMe();
  const board = useBoardQuery(boardId);
  const members = useBoardMembersQuery(boardId);
  const manage = mayOnBoard(boardActor(me, board.data?.myRole), BoardAction.Manage);
  return (
    <Card title="Members" actions={manage ? <AddMember boardId={boardId} /> : null}>
      <QueryView query={members} loadingLabel="Loading members…">
        {(list) =>
          list.length === 0 ? (
            <Empty title="No members yet." />
          ) : (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Specialty</th>
                    <th scope="col">Role</th>
                    <th scope="col">Votes</th>
                    {manage ? (
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    ) : null}
                  </tr>
                </thead>
                <tbody>
                  {list.map((member) => (
                    <MemberRow
                      key={member.userId}
                      boardId={boardId}
                      member={member}
                      manage={manage}
                      isMe={member.userId === me.id}
                    />
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
    </Card>
  );
}

function MemberRow({
  boardId,
  member,
  manage,
  isMe,
}: {
  boardId: string;
  member: BoardMemberView;
  manage: boolean;
  isMe: boolean;
}) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: boardKeys.members(boardId) });
  const update = useMutation({
    mutationFn: (body: { role?: BoardRole; votingRight?: boolean }) =>
      data(
        api.PATCH('/api/v1/boards/{boardId}/members/{userId}', {
          params: { path: { boardId, userId: member.userId } },
          body,
        }),
      ),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: () =>
      data(
        api.DELETE('/api/v1/boards/{boardId}/members/{userId}', {
          params: { path: { boardId, userId: member.userId } },
        }),
      ),
    onSuccess: () => setConfirming(false),
    onSettled: refresh,
  });
  return (
    <tr>
      <td>
        <div>
          <strong>{member.displayName}</strong> {isMe ? <Badge>you</Badge> : null}
        </div>
        <div className="muted small">
          {member.email} · {member.institution}
        </div>
      </td>
      <td>{specialtyLabel(member.specialty)}</td>
      <td>
        {manage ? (
          <SelectField
            label={`Role of ${member.displayName}`}
            className="inline-field"
            options={ROLE_OPTIONS}
            value={member.role}
            onChange={(role) => update.mutate({ role: role as BoardRole })}
            errorMessage={update.error ? errorMessage(update.error) : undefined}
          />
        ) : (
          roleLabel(member.role)
        )}
      </td>
      <td>
        {manage && member.role !== BoardRole.Observer ? (
          <CheckboxField
            isSelected={member.votingRight}
            onChange={(votingRight) => update.mutate({ votingRight })}
          >
            <span className="visually-hidden">{member.displayName} </span>votes
          </CheckboxField>
        ) : member.votingRight ? (
          'Yes'
        ) : (
          'No'
        )}
      </td>
      {manage ? (
        <td>
          <Button
            size="small"
            variant="quiet"
            onPress={() => setConfirming(true)}
            aria-label={`Remove ${member.displayName}`}
          >
            Remove
          </Button>
          <Dialog
            title={`Remove ${member.displayName}?`}
            role="alertdialog"
            isOpen={confirming}
            onOpenChange={setConfirming}
          >
            <p>They will no longer see this board, its meetings or its cases.</p>
            <FormError message={remove.error ? errorMessage(remove.error) : null} />
            <div className="dialog-actions">
              <Button onPress={() => setConfirming(false)}>Keep</Button>
              <Button variant="danger" isPending={remove.isPending} onPress={() => remove.mutate()}>
                Remove from board
              </Button>
            </div>
          </Dialog>
        </td>
      ) : null}
    </tr>
  );
}

function AddMember({ boardId }: { boardId: string }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  const [userId, setUserId] = useState<string | null>(null);
  const [role, setRole] = useState<string>(BoardRole.Panelist);
  const people = useQuery({
    queryKey: ['users', 'search', search],
    queryFn: () =>
      data(
        api.GET('/api/v1/users', { params: { query: { search: search || undefined, limit: 20 } } }),
      ),
    enabled: open,
  });
  const add = useMutation({
    mutationFn: () =>
      data(
        api.POST('/api/v1/boards/{boardId}/members', {
          params: { path: { boardId } },
          body: { userId: userId ?? '', role: role as BoardRole },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: boardKeys.members(boardId) });
      setOpen(false);
      setUserId(null);
      setSearch('');
    },
  });
  const items = (people.data?.items ?? []).map((person) => ({
    id: person.id,
    label: `${person.displayName} — ${specialtyLabel(person.specialty)}, ${person.institution}`,
  }));
  return (
    <>
      <Button variant="primary" size="small" onPress={() => setOpen(true)}>
        Add member
      </Button>
      <Dialog title="Add a member" isOpen={open} onOpenChange={setOpen}>
        <div className="stack">
          <ComboBox
            className="field"
            items={items}
            inputValue={search}
            onInputChange={setSearch}
            selectedKey={userId}
            onSelectionChange={(key) => setUserId(key === null ? null : String(key))}
            menuTrigger="focus"
            isRequired
          >
            <Label>Clinician</Label>
            <Input />
            <Text slot="description">Search by name, email or institution.</Text>
            <FieldError />
            <Popover className="popover">
              <ListBox
                className="listbox"
                renderEmptyState={() => <div className="listbox-item">No one matches.</div>}
              >
                {(item: { id: string; label: string }) => (
                  <ListBoxItem id={item.id} className="listbox-item" textValue={item.label}>
                    {item.label}
                  </ListBoxItem>
                )}
              </ListBox>
            </Popover>
          </ComboBox>
          <SelectField
            label="Role"
            options={ROLE_OPTIONS}
            value={role}
            onChange={setRole}
            isRequired
          />
          <FormError message={add.error ? errorMessage(add.error) : null} />
          <div className="dialog-actions">
            <Button onPress={() => setOpen(false)}>Cancel</Button>
            <Button
              variant="primary"
              isDisabled={!userId}
              isPending={add.isPending}
              onPress={() => add.mutate()}
            >
              Add to board
            </Button>
          </div>
        </div>
      </Dialog>
    </>
  );
}
