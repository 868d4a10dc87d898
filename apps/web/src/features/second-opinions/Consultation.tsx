import { useState } from 'react';
import { errorMessage, fieldProblem } from '../../api/errors';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { FormError, NumberInput, SubmitForm, TextInput } from '../../ui/fields';
import { Badge, Card } from '../../ui/Page';
import { QueryView } from '../../ui/states';
import { dateTimeInZone } from '../../ui/time';
import {
  useCancelConsultation,
  useConsultationQuery,
  useScheduleConsultation,
  type ConsultationView,
  type SecondOpinionView,
} from './queries';

/**
 * The follow-up consultation with the patient after delivery: when (in the board's zone and the
 * patient's), how long and where; scheduled, moved or cancelled by a coordinator, the referrer
 * getting the invitation through their link.
 */
export function Consultation({
  request,
  timezone,
  readOnly,
}: {
  request: SecondOpinionView;
  timezone: string;
  readOnly: boolean;
}) {
  const consultation = useConsultationQuery(request.id, true);
  const [editing, setEditing] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  return (
    <Card title="Consultation">
      <QueryView query={consultation} loadingLabel="Loading the consultation…">
        {(current) => {
          const active = current && !current.cancelledAt ? current : null;
          return (
            <div className="stack">
              {current ? (
                <ConsultationDetails consultation={current} timezone={timezone} />
              ) : (
                <p className="muted">No consultation scheduled.</p>
              )}
              {readOnly ? null : editing ? (
                <ScheduleForm request={request} current={active} onDone={() => setEditing(false)} />
              ) : (
                <div className="row">
                  <Button onPress={() => setEditing(true)}>
                    {active ? 'Move the consultation' : 'Schedule a consultation'}
                  </Button>
                  {active ? (
                    <Button variant="quiet" onPress={() => setCancelling(true)}>
                      Cancel the consultation
                    </Button>
                  ) : null}
                </div>
              )}
            </div>
          );
        }}
      </QueryView>
      {cancelling ? <CancelDialog request={request} onClose={() => setCancelling(false)} /> : null}
    </Card>
  );
}

function ConsultationDetails({
  consultation,
  timezone,
}: {
  consultation: ConsultationView;
  timezone: string;
}) {
  return (
    <dl className="kv">
      <dt>When</dt>
      <dd>
        {dateTimeInZone(consultation.startsAt, timezone)}
        {consultation.cancelledAt ? (
          <>
            {' '}
            <Badge tone="neutral">Cancelled</Badge>
          </>
        ) : null}
      </dd>
      <dt>For the patient</dt>
      <dd>{dateTimeInZone(consultation.startsAt, consultation.timezone)}</dd>
      <dt>Duration</dt>
      <dd>{consultation.durationMinutes} minutes</dd>
      <dt>Where</dt>
      <dd>{consultation.location}</dd>
    </dl>
  );
}

function localInput(iso: string): string {
  const at = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

function ScheduleForm({
  request,
  current,
  onDone,
}: {
  request: SecondOpinionView;
  current: ConsultationView | null;
  onDone: () => void;
}) {
  const schedule = useScheduleConsultation(request.id, request.boardId);
  const [startsAt, setStartsAt] = useState(current ? localInput(current.startsAt) : '');
  const [duration, setDuration] = useState<number | null>(current?.durationMinutes ?? 30);
  const [location, setLocation] = useState(current?.location ?? '');
  const [problems, setProblems] = useState<Record<string, string | undefined>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async () => {
    const at = new Date(startsAt);
    const local = {
      startsAt:
        !startsAt || Number.isNaN(at.getTime())
          ? 'Enter the date and time.'
          : at.getTime() <= Date.now()
            ? 'A consultation is scheduled in the future.'
            : undefined,
      durationMinutes:
        duration === null || duration < 10 || duration > 240
          ? 'From 10 to 240 minutes.'
          : undefined,
      location:
        location.trim().length < 2 || location.trim().length > 500
          ? 'Say where: a video link or a place (2 to 500 characters).'
          : undefined,
    };
    setProblems(local);
    setProblem(null);
    if (Object.values(local).some(Boolean)) return;
    try {
      await schedule.mutateAsync({
        startsAt: at.toISOString(),
        durationMinutes: duration as number,
        location: location.trim(),
      });
      onDone();
    } catch (error) {
      const named = {
        startsAt: fieldProblem(error, 'startsAt'),
        durationMinutes: fieldProblem(error, 'durationMinutes'),
        location: fieldProblem(error, 'location'),
      };
      setProblems(named);
      if (!Object.values(named).some(Boolean)) setProblem(errorMessage(error));
    }
  };
  return (
    <SubmitForm onSubmit={submit} aria-label="Schedule the consultation">
      <div className="row">
        <TextInput
          label="Starts"
          type="datetime-local"
          value={startsAt}
          onChange={setStartsAt}
          errorMessage={problems.startsAt}
          description="In your own time zone."
          isRequired
        />
        <NumberInput
          label="Duration (minutes)"
          value={duration}
          onChange={setDuration}
          minValue={10}
          maxValue={240}
          errorMessage={problems.durationMinutes}
          isRequired
        />
      </div>
      <TextInput
        label="Where"
        value={location}
        onChange={setLocation}
        maxLength={500}
        placeholder="Video call: https://meet.example.org/so-42"
        errorMessage={problems.location}
        isRequired
      />
      <FormError message={problem} />
      <div className="row">
        <Button type="submit" variant="primary" isPending={schedule.isPending}>
          {current ? 'Move the consultation' : 'Schedule the consultation'}
        </Button>
        <Button onPress={onDone} isDisabled={schedule.isPending}>
          Back
        </Button>
      </div>
    </SubmitForm>
  );
}

function CancelDialog({ request, onClose }: { request: SecondOpinionView; onClose: () => void }) {
  const cancel = useCancelConsultation(request.id, request.boardId);
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <Dialog
      title="Cancel the consultation?"
      role="alertdialog"
      isOpen
      onOpenChange={(open) => {
        if (!open && !cancel.isPending) onClose();
      }}
    >
      <div className="stack">
        <p>The referrer’s invitation is cancelled with it.</p>
        <FormError message={problem} />
        <div className="dialog-actions">
          <Button slot="close" isDisabled={cancel.isPending}>
            Keep it
          </Button>
          <Button
            variant="danger"
            isPending={cancel.isPending}
            onPress={async () => {
              setProblem(null);
              try {
                await cancel.mutateAsync(undefined);
                onClose();
              } catch (error) {
                setProblem(errorMessage(error));
              }
            }}
          >
            Cancel the consultation
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
