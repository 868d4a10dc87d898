import { useState } from 'react';
import { Label, Radio, RadioGroup } from 'react-aria-components';
import type { MeetingStateView, RoomCommandName } from '@app/contracts';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { FormError } from '../../ui/fields';
import { ReasonDialog, ReasonForm } from '../../ui/ReasonDialog';
import type { CommandOptions } from './RoomClient';
import { undiscussed } from './words';

type Undiscussed = NonNullable<CommandOptions['undiscussed']>;

export interface ChairControlsProps {
  meeting: MeetingStateView;
  caseLabels: Record<string, string>;
  /** Runs a command; a refusal rejects with the server's words. */
  run: (command: RoomCommandName, options?: CommandOptions) => Promise<void>;
  pending: string | null;
}

/** The room's commands take a reason of at most 500 characters (libs/contracts `meeting:command`). */
const REASON_LIMIT = 500;

/** Start, move through the agenda, close each case and end: for the chair and coordinators. */
export function ChairControls({ meeting, caseLabels, run, pending }: ChairControlsProps) {
  const [dialog, setDialog] = useState<'defer' | 'end' | null>(null);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const focused = meeting.agenda.find((item) => item.itemId === meeting.focusedItemId) ?? null;
  const focusedLabel = focused ? (caseLabels[focused.caseId] ?? 'the focused case') : null;
  const open = (which: 'defer' | 'end') => {
    setDialogError(null);
    setDialog(which);
  };
  const runInDialog = async (command: RoomCommandName, options: CommandOptions) => {
    setDialogError(null);
    try {
      await run(command, options);
      setDialog(null);
    } catch (refused) {
      setDialogError(refused instanceof Error ? refused.message : String(refused));
    }
  };

  if (meeting.status === 'ended') return null;
  if (meeting.status === 'scheduled') {
    return (
      <div className="room-controls" role="group" aria-label="Meeting controls">
        <Button
          variant="primary"
          isPending={pending === 'start'}
          onPress={() => void run('start').catch(() => undefined)}
        >
          Start meeting
        </Button>
      </div>
    );
  }
  return (
    <div className="room-controls" role="group" aria-label="Meeting controls">
      <Button
        isPending={pending === 'previous'}
        onPress={() => void run('previous').catch(() => undefined)}
      >
        ← Previous case
      </Button>
      <Button
        isPending={pending === 'next'}
        onPress={() => void run('next').catch(() => undefined)}
      >
        Next case →
      </Button>
      {focused && focused.status !== 'discussed' ? (
        <>
          <Button
            variant="primary"
            isPending={pending === 'mark_discussed'}
            onPress={() =>
              void run('mark_discussed', { itemId: focused.itemId }).catch(() => undefined)
            }
          >
            Mark discussed
          </Button>
          <Button onPress={() => open('defer')}>Defer…</Button>
        </>
      ) : null}
      <Button variant="danger" onPress={() => open('end')}>
        End meeting…
      </Button>
      {dialog === 'defer' && focused ? (
        <ReasonDialog
          title={`Defer ${focusedLabel}`}
          keepLabel="Keep on this agenda"
          confirmLabel="Defer to the next meeting"
          lengthMessage={`Say why in 2 to ${REASON_LIMIT} characters.`}
          maxLength={REASON_LIMIT}
          isPending={pending === 'defer'}
          formError={dialogError}
          onClose={() => setDialog(null)}
          onSubmit={(reason) => runInDialog('defer', { itemId: focused.itemId, reason })}
        >
          <p>The case moves to the board&apos;s next meeting; the reason is kept on its agenda.</p>
        </ReasonDialog>
      ) : null}
      {dialog === 'end' ? (
        <EndMeetingDialog
          meeting={meeting}
          caseLabels={caseLabels}
          isPending={pending === 'end'}
          error={dialogError}
          onClose={() => setDialog(null)}
          onEnd={(options) => runInDialog('end', options)}
        />
      ) : null}
    </div>
  );
}

/**
 * Ending the meeting: when cases were not discussed, the chair says where they go — carried to
 * the board's next meeting, or back to the board's cases to be planned again — and why.
 */
function EndMeetingDialog({
  meeting,
  caseLabels,
  isPending,
  error,
  onClose,
  onEnd,
}: {
  meeting: MeetingStateView;
  caseLabels: Record<string, string>;
  isPending: boolean;
  error: string | null;
  onClose: () => void;
  onEnd: (options: CommandOptions) => unknown;
}) {
  const left = undiscussed(meeting.agenda);
  const [choice, setChoice] = useState<Undiscussed>('carry_over');
  return (
    <Dialog
      title="End the meeting"
      isOpen
      onOpenChange={(isOpen) => {
        if (!isOpen && !isPending) onClose();
      }}
    >
      {left.length === 0 ? (
        <>
          <p>Every case on the agenda was discussed or deferred. End the meeting for everyone?</p>
          <FormError message={error} />
          <div className="dialog-actions">
            <Button onPress={onClose} isDisabled={isPending}>
              Keep meeting
            </Button>
            <Button variant="danger" isPending={isPending} onPress={() => void onEnd({})}>
              End meeting
            </Button>
          </div>
        </>
      ) : (
        <>
          <p>
            {left.length === 1 ? '1 case was' : `${left.length} cases were`} not discussed:{' '}
            <strong>{left.map((item) => caseLabels[item.caseId] ?? 'a case').join(', ')}</strong>.
            Nothing is dropped: say where {left.length === 1 ? 'it goes' : 'they go'}.
          </p>
          <RadioGroup
            className="room-choices"
            value={choice}
            onChange={(value) => setChoice(value as Undiscussed)}
          >
            <Label className="field-label">Undiscussed cases</Label>
            <Radio value="carry_over" className="room-choice">
              <strong>Carry over to the next meeting</strong>
              <span className="small muted">Added to the board&apos;s next scheduled agenda.</span>
            </Radio>
            <Radio value="return_to_cases" className="room-choice">
              <strong>Return to the board&apos;s cases</strong>
              <span className="small muted">The coordinator plans them again later.</span>
            </Radio>
          </RadioGroup>
          <ReasonForm
            aria-label="Why the cases were not discussed"
            lengthMessage={`Say why in 2 to ${REASON_LIMIT} characters.`}
            maxLength={REASON_LIMIT}
            keepLabel="Keep meeting"
            confirmLabel="End meeting"
            confirmVariant="danger"
            isPending={isPending}
            formError={error}
            onSubmit={(reason) => onEnd({ undiscussed: choice, reason })}
          />
        </>
      )}
    </Dialog>
  );
}
