import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { data } from '../../api/client';
import { useApi } from '../../api/context';
import type { MeetingView } from '../../api/types';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { FormError, TextArea } from '../../ui/fields';
import { dateTimeInZone } from '../../ui/time';
import { meetingKeys } from './queries';
import { fieldProblem, refusal } from './words';

/** Cancels one occurrence with a reason everyone sees; confirmed, since it cannot be undone. */
export function CancelMeetingDialog({
  meeting,
  isOpen,
  onOpenChange,
  onCancelled,
}: {
  meeting: MeetingView;
  isOpen: boolean;
  onOpenChange: (open: boolean) => void;
  onCancelled: (cancelled: MeetingView) => void;
}) {
  return (
    <Dialog
      title={`Cancel “${meeting.title}”?`}
      role="alertdialog"
      isOpen={isOpen}
      onOpenChange={onOpenChange}
    >
      <CancelForm
        meeting={meeting}
        onKeep={() => onOpenChange(false)}
        onCancelled={(cancelled) => {
          onOpenChange(false);
          onCancelled(cancelled);
        }}
      />
    </Dialog>
  );
}

function CancelForm({
  meeting,
  onKeep,
  onCancelled,
}: {
  meeting: MeetingView;
  onKeep: () => void;
  onCancelled: (cancelled: MeetingView) => void;
}) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  // Cases on the agenda stay on a cancelled meeting: say so before the coordinator confirms.
  const agenda = useQuery({
    queryKey: [...meetingKeys.meeting(meeting.id), 'agenda'],
    queryFn: () =>
      data(
        api.GET('/api/v1/meetings/{meetingId}/agenda', {
          params: { path: { meetingId: meeting.id } },
        }),
      ),
  });
  const cancel = useMutation({
    mutationFn: (text: string) =>
      data(
        api.POST('/api/v1/meetings/{meetingId}/cancel', {
          params: { path: { meetingId: meeting.id } },
          body: { reason: text },
        }),
      ),
    onSuccess: async (cancelled) => {
      queryClient.setQueryData(meetingKeys.meeting(cancelled.id), cancelled);
      await queryClient.invalidateQueries({ queryKey: meetingKeys.ofBoard(cancelled.boardId) });
      onCancelled(cancelled);
    },
  });
  const cases = agenda.data?.items.length ?? 0;

  return (
    <Form
      className="stack"
      validationBehavior="aria"
      onSubmit={(event) => {
        event.preventDefault();
        const text = reason.trim();
        if (text.length < 2 || text.length > 500) {
          setProblem('Give a reason of 2 to 500 characters; members see it in the meeting list.');
          return;
        }
        setProblem(undefined);
        cancel.mutate(text);
      }}
    >
      <p>
        {dateTimeInZone(meeting.startsAt, meeting.timezone)}. Members and calendar subscriptions
        will show it as cancelled. This cannot be undone.
      </p>
      {cases > 0 ? (
        <p className="notice notice-warning">
          {cases === 1 ? 'One case is' : `${cases} cases are`} on its agenda and will stay there.
          After cancelling, open the agenda to defer {cases === 1 ? 'it' : 'them'} to the next
          meeting.
        </p>
      ) : null}
      <TextArea
        label="Reason"
        value={reason}
        onChange={setReason}
        rows={3}
        maxLength={500}
        isRequired
        description="For example: public holiday."
        errorMessage={problem ?? fieldProblem(cancel.error, 'reason', 'The reason')}
      />
      <FormError
        message={
          cancel.error && !fieldProblem(cancel.error, 'reason') ? refusal(cancel.error) : null
        }
      />
      <div className="dialog-actions">
        <Button variant="secondary" onPress={onKeep} isDisabled={cancel.isPending}>
          Keep meeting
        </Button>
        <Button type="submit" variant="danger" isPending={cancel.isPending}>
          Cancel meeting
        </Button>
      </div>
    </Form>
  );
}
