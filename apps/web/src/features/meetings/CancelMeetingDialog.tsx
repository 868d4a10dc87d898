import { fieldProblem } from '../../api/errors';
import type { MeetingView } from '../../api/types';
import { ReasonForm } from '../../ui/ReasonDialog';
import { dateTimeInZone } from '../../ui/time';
import { MeetingDialog, type MeetingDialogState } from './MeetingDialog';
import { useCancelMeeting, useMeetingAgenda } from './queries';
import { refusal } from './words';

/** Cancels one occurrence with a reason everyone sees; confirmed, since it cannot be undone. */
export function CancelMeetingDialog({
  meeting,
  onCancelled,
  ...dialog
}: MeetingDialogState & {
  meeting: MeetingView;
  onCancelled: (cancelled: MeetingView) => void;
}) {
  return (
    <MeetingDialog
      title={`Cancel “${meeting.title}”?`}
      role="alertdialog"
      {...dialog}
      onDone={onCancelled}
      form={(done) => <CancelForm meeting={meeting} onCancelled={done} />}
    />
  );
}

function CancelForm({
  meeting,
  onCancelled,
}: {
  meeting: MeetingView;
  onCancelled: (cancelled: MeetingView) => void;
}) {
  // Cases on the agenda stay on a cancelled meeting: say so before the coordinator confirms.
  const agenda = useMeetingAgenda(meeting.id);
  const cancel = useCancelMeeting(meeting.id, onCancelled);
  const cases = agenda.data?.items.length ?? 0;

  return (
    <ReasonForm
      description="For example: public holiday."
      maxLength={500}
      lengthMessage="Give a reason of 2 to 500 characters; members see it in the meeting list."
      keepLabel="Keep meeting"
      confirmLabel="Cancel meeting"
      confirmVariant="danger"
      isPending={cancel.isPending}
      fieldError={fieldProblem(cancel.error, 'reason')}
      formError={
        cancel.error && !fieldProblem(cancel.error, 'reason') ? refusal(cancel.error) : null
      }
      onSubmit={(reason) => cancel.mutate(reason)}
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
    </ReasonForm>
  );
}
