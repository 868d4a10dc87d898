import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { data } from '../../api/client';
import { useApi } from '../../api/context';
import { fieldProblem, namesAField } from '../../api/errors';
import type { AgendaItemView, AgendaView, MeetingView } from '../../api/types';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { FormError, SubmitForm, type Option } from '../../ui/fields';
import { ReasonForm } from '../../ui/ReasonDialog';
import { Loading } from '../../ui/states';
import { dateTimeInZone } from '../../ui/time';
import { ALLOTMENT_PROBLEM, ItemFields, isAllotment, itemRefusal } from './ItemFields';
import { agendaKeys, useNextMeetingQuery } from './queries';
import { agendaRefusal } from './words';

/** Minutes allotted and presenter of one pending item. */
export function EditItemDialog({
  item,
  presenters,
  onClose,
  onSaved,
}: {
  item: AgendaItemView;
  presenters: readonly Option[];
  onClose: () => void;
  onSaved: (view: AgendaView) => void;
}) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [minutes, setMinutes] = useState<number | null>(item.minutesAllotted);
  const [presenterId, setPresenterId] = useState<string | null>(item.presenterId);
  const [problems, setProblems] = useState<{ minutes?: string; form?: string }>({});
  const save = useMutation({
    mutationFn: (body: { minutesAllotted?: number; presenterId?: string }) =>
      data(
        api.PATCH('/api/v1/agenda-items/{itemId}', { params: { path: { itemId: item.id } }, body }),
      ),
    onSuccess: (view) => {
      queryClient.setQueryData(agendaKeys.agenda(view.meetingId), view);
      onSaved(view);
    },
  });
  // The presenter may have left the board or become an observer: still show who it is.
  const options = presenters.some((option) => option.id === item.presenterId)
    ? presenters
    : [
        ...presenters,
        { id: item.presenterId, label: 'The current presenter (no longer able to present)' },
      ];
  return (
    <Dialog
      title={`Edit ${item.patientRef}`}
      isOpen
      onOpenChange={(open) => (open || save.isPending ? null : onClose())}
    >
      <SubmitForm
        onSubmit={() => {
          const found: typeof problems = {};
          if (!isAllotment(minutes)) found.minutes = ALLOTMENT_PROBLEM;
          const body: { minutesAllotted?: number; presenterId?: string } = {};
          if (minutes !== null && minutes !== item.minutesAllotted) body.minutesAllotted = minutes;
          if (presenterId && presenterId !== item.presenterId) body.presenterId = presenterId;
          if (!found.minutes && Object.keys(body).length === 0) found.form = 'Nothing has changed.';
          setProblems(found);
          if (found.minutes || found.form) return;
          save.mutate(body);
        }}
      >
        <ItemFields
          minutes={minutes}
          onMinutes={setMinutes}
          presenterId={presenterId}
          onPresenter={setPresenterId}
          presenters={options}
          problems={problems}
          error={save.error}
        />
        <FormError message={problems.form ?? itemRefusal(save.error)} />
        <div className="dialog-actions">
          <Button variant="secondary" onPress={onClose} isDisabled={save.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" isPending={save.isPending}>
            Save
          </Button>
        </div>
      </SubmitForm>
    </Dialog>
  );
}

/**
 * Defers an item: the server carries the case to the board's next scheduled meeting (same minutes
 * and presenter) and keeps this item as deferred history. The dialog says where it will go.
 */
export function DeferItemDialog({
  item,
  meeting,
  onClose,
  onDeferred,
}: {
  item: AgendaItemView;
  meeting: MeetingView;
  onClose: () => void;
  onDeferred: (item: AgendaItemView, to: MeetingView) => void;
}) {
  const api = useApi();
  const queryClient = useQueryClient();
  const next = useNextMeetingQuery(meeting.boardId, meeting.id, meeting.startsAt, true);
  const defer = useMutation({
    mutationFn: async (text: string | undefined) => {
      const result = await data(
        api.POST('/api/v1/agenda-items/{itemId}/defer', {
          params: { path: { itemId: item.id } },
          body: text ? { reason: text } : {},
        }),
      );
      const target =
        next.data && next.data.id === result.to.meetingId
          ? next.data
          : await data(
              api.GET('/api/v1/meetings/{meetingId}', {
                params: { path: { meetingId: result.to.meetingId } },
              }),
            );
      return { ...result, target };
    },
    onSuccess: async ({ from, to, target }) => {
      queryClient.setQueryData(agendaKeys.agenda(from.meetingId), from);
      queryClient.setQueryData(agendaKeys.agenda(to.meetingId), to);
      onDeferred(item, target);
      await queryClient.invalidateQueries({ queryKey: agendaKeys.boardCases(meeting.boardId) });
    },
  });
  const zone = meeting.timezone;
  return (
    <Dialog
      title={`Defer ${item.patientRef}?`}
      isOpen
      onOpenChange={(open) => (open || defer.isPending ? null : onClose())}
    >
      {next.isPending ? (
        <Loading label="Finding the board’s next meeting…" />
      ) : next.error || !next.data ? (
        <>
          {next.error ? (
            <FormError message={agendaRefusal(next.error)} />
          ) : (
            <p>
              The board has no scheduled meeting after this one, so there is nowhere to defer the
              case to. Schedule the next meeting from the board’s Meetings tab first.
            </p>
          )}
          <div className="dialog-actions">
            <Button variant="secondary" onPress={onClose}>
              Close
            </Button>
          </div>
        </>
      ) : (
        <ReasonForm
          label="Reason (optional)"
          description="For example: awaiting PET-CT."
          isRequired={false}
          lengthMessage="A reason, if given, is 2 to 1000 characters."
          keepLabel="Cancel"
          confirmLabel="Defer to next meeting"
          isPending={defer.isPending}
          fieldError={fieldProblem(defer.error, 'reason')}
          formError={
            defer.error && !namesAField(defer.error, ['reason']) ? agendaRefusal(defer.error) : null
          }
          onSubmit={(reason) => defer.mutate(reason || undefined)}
        >
          <p>
            {item.patientRef} moves to the board’s next meeting,{' '}
            <strong>
              {next.data.title}, {dateTimeInZone(next.data.startsAt, zone)}
            </strong>
            , with its {item.minutesAllotted} minutes and presenter. It stays listed here as
            deferred.
          </p>
        </ReasonForm>
      )}
    </Dialog>
  );
}

/** Takes a pending case off the agenda; confirmed first. */
export function RemoveItemDialog({
  boardId,
  item,
  onClose,
  onRemoved,
}: {
  boardId: string;
  item: AgendaItemView;
  onClose: () => void;
  onRemoved: (view: AgendaView) => void;
}) {
  const api = useApi();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () =>
      data(api.DELETE('/api/v1/agenda-items/{itemId}', { params: { path: { itemId: item.id } } })),
    onSuccess: async (view) => {
      queryClient.setQueryData(agendaKeys.agenda(view.meetingId), view);
      onRemoved(view);
      await queryClient.invalidateQueries({ queryKey: agendaKeys.boardCases(boardId) });
    },
  });
  return (
    <Dialog
      title={`Remove ${item.patientRef} from the agenda?`}
      role="alertdialog"
      isOpen
      onOpenChange={(open) => (open || remove.isPending ? null : onClose())}
    >
      <p>
        Its {item.minutesAllotted} minutes are freed. The case goes back to the board’s ready cases
        and can be put on another meeting’s agenda.
      </p>
      <FormError message={remove.error ? agendaRefusal(remove.error) : null} />
      <div className="dialog-actions">
        <Button variant="secondary" onPress={onClose} isDisabled={remove.isPending}>
          Keep it
        </Button>
        <Button variant="danger" onPress={() => remove.mutate()} isPending={remove.isPending}>
          Remove
        </Button>
      </div>
    </Dialog>
  );
}
