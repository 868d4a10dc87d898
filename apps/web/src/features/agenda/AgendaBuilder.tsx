import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-aria-components';
import { BoardAction, BoardRole, mayOnBoard } from '@app/contracts';
import { boardActor, useBoardMembersQuery } from '../../api/board-queries';
import { data } from '../../api/client';
import { useApi, useMe } from '../../api/context';
import type { AgendaItemView, AgendaView, BoardView, MeetingView } from '../../api/types';
import { FormError } from '../../ui/fields';
import { Card } from '../../ui/Page';
import { Empty, QueryView } from '../../ui/states';
import { dateTimeInZone } from '../../ui/time';
import { AddCases } from './AddCases';
import { AgendaList, type ItemPermissions } from './AgendaList';
import { CapacityBar } from './CapacityBar';
import { DeferItemDialog, EditItemDialog, RemoveItemDialog } from './ItemDialogs';
import { agendaKeys, useAgendaQuery } from './queries';
import { agendaRefusal } from './words';
import './agenda.css';

type Acting = { kind: 'edit' | 'defer' | 'remove'; item: AgendaItemView } | null;

interface Notice {
  text: string;
  link?: { href: string; label: string };
}

/**
 * A meeting's agenda: cases in order with their time, presenter and status, and the capacity of the
 * meeting. Coordinators add, reorder, edit and remove cases; coordinators and chairs defer them to
 * the next meeting; everyone else reads it.
 */
export function AgendaBuilder({ meeting, board }: { meeting: MeetingView; board: BoardView }) {
  const me = useMe();
  const api = useApi();
  const queryClient = useQueryClient();
  const actor = boardActor(me, board.myRole);
  const canManage = mayOnBoard(actor, BoardAction.ManageMeetings);
  const canRun = mayOnBoard(actor, BoardAction.RunMeeting);
  const open = meeting.status === 'scheduled' || meeting.status === 'live';
  const agenda = useAgendaQuery(meeting.id);
  const members = useBoardMembersQuery(board.id);
  const [acting, setActing] = useState<Acting>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const key = agendaKeys.agenda(meeting.id);

  const names = new Map((members.data ?? []).map((member) => [member.userId, member.displayName]));
  const presenterName = (userId: string) => names.get(userId) ?? 'a former member';
  const presenters = (members.data ?? [])
    .filter((member) => member.role !== BoardRole.Observer)
    .map((member) => ({ id: member.userId, label: member.displayName }));

  const reorder = useMutation({
    mutationFn: (itemIds: string[]) =>
      data(
        api.PUT('/api/v1/meetings/{meetingId}/agenda/order', {
          params: { path: { meetingId: meeting.id } },
          body: { itemIds },
        }),
      ),
    // Optimistic: the list shows the new order at once, and goes back if the server refuses.
    onMutate: async (itemIds) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<AgendaView>(key);
      if (previous) {
        const byId = new Map(previous.items.map((item) => [item.id, item]));
        const items = itemIds.flatMap((id, index) => {
          const item = byId.get(id);
          return item ? [{ ...item, position: index + 1 }] : [];
        });
        queryClient.setQueryData<AgendaView>(key, { ...previous, items });
      }
      return { previous };
    },
    onError: (_error, _itemIds, context) => {
      if (context?.previous) queryClient.setQueryData(key, context.previous);
      setAnnouncement('');
      // The refusal may mean the agenda changed meanwhile: show it as it now stands.
      void queryClient.invalidateQueries({ queryKey: key });
    },
    onSuccess: (view) => {
      queryClient.setQueryData(key, view);
    },
  });

  const permissions = (item: AgendaItemView): ItemPermissions => ({
    edit: canManage && open && item.status === 'pending',
    // The server defers pending or in-discussion items, whatever the meeting's state (a cancelled
    // meeting's cases need somewhere to go).
    defer: canRun && (item.status === 'pending' || item.status === 'in_discussion'),
    remove: canManage && item.status === 'pending' && !item.deferredFromItemId,
  });

  return (
    <div className="columns">
      <Card
        title="Agenda"
        actions={
          canManage && open && agenda.data ? (
            <AddCases
              boardId={board.id}
              agenda={agenda.data}
              presenters={presenters}
              onAdded={(patientRef) => setNotice({ text: `Added ${patientRef} to the agenda.` })}
            />
          ) : null
        }
      >
        <QueryView query={agenda} loadingLabel="Loading the agenda…">
          {(view) => {
            const canReorder = canManage && open && view.items.length > 1;
            return (
              <div className="stack">
                <CapacityBar
                  usedMinutes={view.usedMinutes}
                  meetingMinutes={view.meetingMinutes}
                  canFix={canManage || canRun}
                />
                <div role="status" aria-live="polite" className="agenda-live">
                  {notice ? (
                    <p className="notice notice-success">
                      {notice.text}{' '}
                      {notice.link ? (
                        <Link href={notice.link.href}>{notice.link.label}</Link>
                      ) : null}
                    </p>
                  ) : null}
                </div>
                <div role="status" aria-live="polite" className="visually-hidden agenda-live">
                  {announcement}
                </div>
                {meeting.status === 'cancelled' && view.items.length > 0 ? (
                  <p className="notice notice-warning">
                    This meeting is cancelled but still has cases on its agenda.
                    {canRun ? ' Defer them to the next meeting' : ''}
                    {canRun && canManage ? ' or remove them' : ''}
                    {canRun ? '.' : ' The coordinator will move them.'}
                  </p>
                ) : null}
                <FormError
                  message={
                    reorder.error
                      ? `The new order was not saved. ${agendaRefusal(reorder.error)}`
                      : null
                  }
                />
                {canReorder ? (
                  <p className="muted small">
                    To reorder, drag a case, or use its Move up and Move down buttons. With the
                    keyboard you can also press Enter on a case’s drag handle (⠿), choose the place
                    with the arrow keys and press Enter to drop it there; Escape cancels.
                  </p>
                ) : null}
                {view.items.length === 0 ? (
                  <Empty title="No cases on this agenda yet.">
                    {canManage && open
                      ? 'Add the board’s cases with “Add cases”.'
                      : 'Cases appear here once the coordinator adds them.'}
                  </Empty>
                ) : (
                  <AgendaList
                    items={view.items}
                    presenterName={presenterName}
                    canReorder={canReorder}
                    permissions={permissions}
                    onReorder={(itemIds, moved) => {
                      reorder.reset();
                      setNotice(null);
                      const position = itemIds.indexOf(moved.id) + 1;
                      setAnnouncement(
                        `${moved.patientRef} moved to position ${position} of ${itemIds.length}.`,
                      );
                      reorder.mutate(itemIds);
                    }}
                    onEdit={(item) => setActing({ kind: 'edit', item })}
                    onDefer={(item) => setActing({ kind: 'defer', item })}
                    onRemove={(item) => setActing({ kind: 'remove', item })}
                  />
                )}
              </div>
            );
          }}
        </QueryView>
      </Card>

      <Card title="Deferred from this meeting">
        {agenda.data ? (
          <DeferredHistory items={agenda.data.deferred} presenterName={presenterName} />
        ) : (
          <p className="muted">—</p>
        )}
      </Card>

      {acting?.kind === 'edit' ? (
        <EditItemDialog
          item={acting.item}
          presenters={presenters}
          onClose={() => setActing(null)}
          onSaved={() => {
            setNotice({ text: `Saved ${acting.item.patientRef}.` });
            setActing(null);
          }}
        />
      ) : null}
      {acting?.kind === 'defer' ? (
        <DeferItemDialog
          item={acting.item}
          meeting={meeting}
          onClose={() => setActing(null)}
          onDeferred={(item, to) => {
            setNotice({
              text: `Deferred ${item.patientRef} to “${to.title}”, ${dateTimeInZone(to.startsAt, to.timezone)}.`,
              link: { href: `/meetings/${to.id}`, label: 'Open that agenda' },
            });
            setActing(null);
          }}
        />
      ) : null}
      {acting?.kind === 'remove' ? (
        <RemoveItemDialog
          boardId={board.id}
          item={acting.item}
          onClose={() => setActing(null)}
          onRemoved={() => {
            setNotice({ text: `Removed ${acting.item.patientRef} from the agenda.` });
            setActing(null);
          }}
        />
      ) : null}
    </div>
  );
}

function DeferredHistory({
  items,
  presenterName,
}: {
  items: AgendaItemView[];
  presenterName: (userId: string) => string;
}) {
  if (items.length === 0) return <Empty title="No case has been deferred from this meeting." />;
  return (
    <ul className="list-plain list-rows">
      {items.map((item) => (
        <li key={item.id}>
          <div className="agenda-title">
            <Link href={`/cases/${item.caseId}`}>{item.patientRef || 'Case'}</Link>
          </div>
          <div className="small">
            {item.minutesAllotted} min · presented by {presenterName(item.presenterId)}
          </div>
          <div className="small">
            {item.deferralReason ? `Reason: ${item.deferralReason}` : 'No reason given.'}
          </div>
          <div className="small muted">Carried to the board’s next meeting.</div>
        </li>
      ))}
    </ul>
  );
}
