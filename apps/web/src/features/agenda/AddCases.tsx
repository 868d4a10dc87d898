import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Label, Radio, RadioGroup } from 'react-aria-components';
import { data } from '../../api/client';
import { useApi, useMe } from '../../api/context';
import { ApiError, fieldProblem, namesAField } from '../../api/errors';
import type { AgendaView } from '../../api/types';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { FormError, SubmitForm, type Option } from '../../ui/fields';
import { Badge } from '../../ui/Page';
import { ReasonDialog } from '../../ui/ReasonDialog';
import { Empty, QueryView } from '../../ui/states';
import { calendarDate } from '../../ui/time';
import { CASE_STATUS_LABELS, PRIORITY_LABELS } from '../../ui/words';
import { ALLOTMENT_PROBLEM, ItemFields, isAllotment, itemRefusal } from './ItemFields';
import { agendaKeys, useCandidatesQuery, type Candidate } from './queries';
import { agendaRefusal } from './words';

const DEFAULT_MINUTES = 10;

/** The server's "not ready: give an overrideReason" refusal, answered by the override dialog. */
function needsReason(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    error.isConflict &&
    (error.fieldMessages('readiness').length > 0 || error.message.includes('overrideReason'))
  );
}

interface Pending {
  candidate: Candidate;
  minutes: number;
  presenterId: string;
  /** What the server said is missing, when it refused a case we thought ready. */
  missing: string[];
}

/**
 * "Add cases": the board's cases not yet on this agenda, with their readiness, minutes and
 * presenter. A case that is not ready can still be added by a coordinator, with a reason the
 * server records (AddAgendaItemDto.overrideReason) — asked for in a second dialog.
 */
export function AddCases({
  boardId,
  agenda,
  presenters,
  onAdded,
}: {
  boardId: string;
  agenda: AgendaView;
  presenters: readonly Option[];
  onAdded: (patientRef: string, view: AgendaView) => void;
}) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [step, setStep] = useState<'closed' | 'choose' | 'override'>('closed');
  const [pending, setPending] = useState<Pending | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  // A fresh choice after each case added.
  const [round, setRound] = useState(0);

  const add = useMutation({
    mutationFn: ({ next, overrideReason }: { next: Pending; overrideReason?: string }) =>
      data(
        api.POST('/api/v1/meetings/{meetingId}/agenda', {
          params: { path: { meetingId: agenda.meetingId } },
          body: {
            caseId: next.candidate.summary.id,
            minutesAllotted: next.minutes,
            presenterId: next.presenterId,
            ...(overrideReason ? { overrideReason } : {}),
          },
        }),
      ),
    onSuccess: async (view, { next }) => {
      queryClient.setQueryData(agendaKeys.agenda(view.meetingId), view);
      const ref = next.candidate.summary.patientRef;
      setAdded(`Added ${ref} (${next.minutes} min).`);
      setPending(null);
      setRound((value) => value + 1);
      setStep('choose');
      onAdded(ref, view);
      await queryClient.invalidateQueries({ queryKey: agendaKeys.boardCases(boardId) });
    },
    onError: (error, { next }) => {
      // The case was not ready after all (its records changed meanwhile): ask for a reason.
      if (needsReason(error) && error instanceof ApiError) {
        setPending({ ...next, missing: error.fieldMessages('readiness') });
        setStep('override');
      }
    },
  });

  const request = (next: Pending, overrideReason?: string) => {
    setPending(next);
    add.mutate({ next, ...(overrideReason ? { overrideReason } : {}) });
  };

  const remaining = agenda.meetingMinutes - agenda.usedMinutes;

  return (
    <>
      <Button
        variant="primary"
        onPress={() => {
          setAdded(null);
          setPending(null);
          add.reset();
          setRound((value) => value + 1);
          setStep('choose');
        }}
      >
        Add cases
      </Button>
      <Dialog
        title="Add cases to the agenda"
        isOpen={step === 'choose'}
        onOpenChange={(open) => {
          if (!open && !add.isPending) setStep('closed');
        }}
      >
        <div role="status" aria-live="polite">
          {added ? <p className="notice notice-success">{added}</p> : null}
        </div>
        <ChooseCase
          key={round}
          initial={pending}
          boardId={boardId}
          agenda={agenda}
          presenters={presenters}
          remaining={remaining}
          added={added}
          isPending={add.isPending}
          problem={add.error && !needsReason(add.error) ? add.error : null}
          onClose={() => setStep('closed')}
          onAdd={(next) => {
            setAdded(null);
            if (next.candidate.needsOverride) {
              add.reset();
              setPending(next);
              setStep('override');
            } else {
              request(next);
            }
          }}
        />
      </Dialog>
      {pending ? (
        <OverrideDialog
          pending={pending}
          isOpen={step === 'override'}
          isPending={add.isPending}
          problem={add.error && !needsReason(add.error) ? add.error : null}
          onBack={() => {
            add.reset();
            setStep('choose');
          }}
          onConfirm={(reason) => request(pending, reason)}
        />
      ) : null}
    </>
  );
}

function ChooseCase({
  initial,
  boardId,
  agenda,
  presenters,
  remaining,
  added,
  isPending,
  problem,
  onClose,
  onAdd,
}: {
  initial: Pending | null;
  boardId: string;
  agenda: AgendaView;
  presenters: readonly Option[];
  remaining: number;
  added: string | null;
  isPending: boolean;
  problem: unknown;
  onClose: () => void;
  onAdd: (pending: Pending) => void;
}) {
  const me = useMe();
  const candidates = useCandidatesQuery(boardId, true);
  const [caseId, setCaseId] = useState<string | null>(initial?.candidate.summary.id ?? null);
  const [minutes, setMinutes] = useState<number | null>(
    initial?.minutes ?? (remaining > 0 ? Math.min(DEFAULT_MINUTES, remaining) : DEFAULT_MINUTES),
  );
  const [presenterId, setPresenterId] = useState<string | null>(initial?.presenterId ?? null);
  const [problems, setProblems] = useState<{ case?: string; minutes?: string; presenter?: string }>(
    {},
  );
  const onAgenda = new Set(agenda.items.map((item) => item.caseId));
  const isPresenter = (id: string | null | undefined) =>
    Boolean(id && presenters.some((option) => option.id === id));

  const choose = (id: string, list: Candidate[]) => {
    setCaseId(id);
    const chosen = list.find((candidate) => candidate.summary.id === id);
    // The case's own presenter by default, else the person adding it if they may present.
    const preferred = chosen?.summary.presenterId;
    setPresenterId(
      isPresenter(preferred) ? (preferred ?? null) : isPresenter(me.id) ? me.id : null,
    );
    setProblems({});
  };

  return (
    <QueryView query={candidates} loadingLabel="Loading the board’s cases…">
      {(all) => {
        const list = all.filter((candidate) => !onAgenda.has(candidate.summary.id));
        const selected = list.find((candidate) => candidate.summary.id === caseId) ?? null;
        const submit = () => {
          const found: typeof problems = {};
          if (!selected) found.case = 'Choose a case to add.';
          if (!isAllotment(minutes)) found.minutes = ALLOTMENT_PROBLEM;
          else if (minutes > remaining)
            found.minutes =
              remaining > 0
                ? `Only ${remaining} minutes are free in this meeting.`
                : 'The meeting has no free time left: shorten another case or lengthen the meeting first.';
          if (!presenterId) found.presenter = 'Choose who presents the case.';
          setProblems(found);
          if (!selected || !presenterId || minutes === null || Object.values(found).some(Boolean))
            return;
          onAdd({ candidate: selected, minutes, presenterId, missing: selected.missing });
        };
        return (
          <SubmitForm onSubmit={submit}>
            <p className="muted small">
              {remaining > 0
                ? `${remaining} minutes are free in this meeting.`
                : 'No time is left in this meeting.'}
            </p>
            {list.length === 0 ? (
              <Empty title="No cases to add.">
                Every case of this board that is in preparation, ready or deferred is already on an
                agenda. New cases are added from the board’s Cases tab.
              </Empty>
            ) : (
              <>
                <RadioGroup
                  className="agenda-candidates"
                  value={caseId}
                  onChange={(id) => choose(id, list)}
                  isInvalid={Boolean(problems.case)}
                  aria-describedby={problems.case ? 'agenda-case-problem' : undefined}
                >
                  <Label className="agenda-candidates-label">Case</Label>
                  <div className="agenda-candidates-list">
                    {list.map((candidate) => (
                      <CandidateOption key={candidate.summary.id} candidate={candidate} />
                    ))}
                  </div>
                </RadioGroup>
                {problems.case ? (
                  <p id="agenda-case-problem" className="field-error">
                    {problems.case}
                  </p>
                ) : null}
                <ItemFields
                  minutes={minutes}
                  onMinutes={setMinutes}
                  presenterId={presenterId}
                  onPresenter={setPresenterId}
                  presenters={presenters}
                  problems={problems}
                  error={problem}
                />
                {selected?.needsOverride ? (
                  <p className="notice notice-warning small">
                    {selected.summary.patientRef} is not ready. You can still add it, with a reason
                    that is recorded.
                  </p>
                ) : null}
              </>
            )}
            <FormError message={itemRefusal(problem)} />
            <div className="dialog-actions">
              <Button variant="secondary" onPress={onClose} isDisabled={isPending}>
                {added ? 'Done' : 'Cancel'}
              </Button>
              {list.length > 0 ? (
                <Button type="submit" variant="primary" isPending={isPending}>
                  {selected?.needsOverride ? 'Add with a reason…' : 'Add to agenda'}
                </Button>
              ) : null}
            </div>
          </SubmitForm>
        );
      }}
    </QueryView>
  );
}

function CandidateOption({ candidate }: { candidate: Candidate }) {
  const { summary, missing } = candidate;
  const status = CASE_STATUS_LABELS[summary.status] ?? {
    label: summary.status,
    tone: 'neutral' as const,
  };
  const readiness =
    missing.length > 0
      ? `Not ready: missing ${missing.join('; ')}`
      : summary.status === 'draft'
        ? 'Checklist met, but the case is still in preparation'
        : 'Ready';
  return (
    <Radio value={summary.id} className="agenda-candidate">
      <span className="agenda-radio" aria-hidden="true" />
      <span className="agenda-candidate-head">
        <strong>{summary.patientRef}</strong>
        {summary.primarySite ? <span>{summary.primarySite}</span> : null}
        <Badge tone={status.tone}>{status.label}</Badge>
        {summary.priority !== 'routine' ? (
          <Badge tone="danger">{PRIORITY_LABELS[summary.priority] ?? summary.priority}</Badge>
        ) : null}
      </span>
      <span
        className={`small ${candidate.needsOverride ? 'agenda-candidate-missing' : 'agenda-candidate-ready'}`}
      >
        {readiness}
      </span>
      {summary.dueDate ? (
        <span className="small muted">Due {calendarDate(summary.dueDate)}</span>
      ) : null}
    </Radio>
  );
}

/** Asks why a case that is not ready should be discussed now; the reason is recorded. */
function OverrideDialog({
  pending,
  isOpen,
  isPending,
  problem,
  onBack,
  onConfirm,
}: {
  pending: Pending;
  isOpen: boolean;
  isPending: boolean;
  problem: unknown;
  onBack: () => void;
  onConfirm: (reason: string) => void;
}) {
  const { summary } = pending.candidate;
  return (
    <ReasonDialog
      title="Add a case that is not ready?"
      isOpen={isOpen}
      onClose={onBack}
      label="Why it should be discussed now"
      description="For example: urgent decision needed before surgery; PET-CT will be shown from the PACS."
      minLength={5}
      lengthMessage="Explain in 5 to 1000 characters why the case should be discussed now."
      keepLabel="Back"
      confirmLabel="Add despite missing items"
      isPending={isPending}
      fieldError={fieldProblem(problem, 'overrideReason')}
      formError={
        problem && !namesAField(problem, ['overrideReason']) ? agendaRefusal(problem) : null
      }
      onSubmit={onConfirm}
    >
      <p>
        <strong>{summary.patientRef}</strong> is not ready for discussion
        {pending.missing.length > 0
          ? ':'
          : summary.status === 'draft'
            ? ': it is still in preparation.'
            : '.'}
      </p>
      {pending.missing.length > 0 ? (
        <ul className="agenda-missing">
          {pending.missing.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      ) : null}
      <p className="small muted">
        {pending.minutes} min, presented by the person you chose. Your reason is shown on the agenda
        and recorded in the audit log.
      </p>
    </ReasonDialog>
  );
}
