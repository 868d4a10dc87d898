import { useState } from 'react';
import { Disclosure, DisclosurePanel, Heading } from 'react-aria-components';
import { useMe } from '../../api/context';
import { ApiError, errorMessage, fieldWords } from '../../api/errors';
import type { BoardMemberView, Schemas } from '../../api/types';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { FormError, SelectField, SubmitForm, TextArea } from '../../ui/fields';
import { Badge, Card } from '../../ui/Page';
import { QueryView } from '../../ui/states';
import { dateTimeInZone } from '../../ui/time';
import { SPECIALTY_OPTIONS, specialtyLabel } from '../../ui/words';
import {
  useCaseRequestsQuery,
  useRequestPreparation,
  type NewPreparationRequest,
  type PreparationRequestView,
} from './queries';
import { CancelRequestDialog, CompleteForm } from './RequestActions';
import { KIND_LABELS, STATUS_LABELS, requestTitle, type PreparationKind } from './words';
import './preparation.css';

/** Case statuses that still take preparation requests (the server decides again). */
const PREPARABLE: readonly string[] = ['draft', 'ready', 'scheduled', 'deferred'];

export interface PreparationPanelProps {
  caseId: string;
  caseStatus: Schemas['CaseStatusName'];
  /** The signed-in person may edit the case: they may ask for preparation and cancel requests. */
  canEdit: boolean;
  myRole: Schemas['BoardRole'] | null;
  members: readonly BoardMemberView[];
  timezone: string;
  /** Called after a request changes (the case's readiness counts requests). */
  onChanged?: () => void;
}

/** What specialties are asked to prepare for this case, and their findings. */
export function PreparationPanel(props: PreparationPanelProps) {
  const query = useCaseRequestsQuery(props.caseId);
  const me = useMe();
  const [asking, setAsking] = useState(false);
  const canRequest = props.canEdit && PREPARABLE.includes(props.caseStatus);

  return (
    <Card
      title="Preparation requests"
      actions={
        canRequest ? (
          <Button size="small" onPress={() => setAsking(true)}>
            Request a review…
          </Button>
        ) : null
      }
    >
      <QueryView query={query} loadingLabel="Loading preparation requests…">
        {(requests) =>
          requests.length === 0 ? (
            <p className="muted">
              {canRequest
                ? 'No specialty has been asked to prepare this case. Ask radiology to review the imaging or pathology to review the slides before the meeting.'
                : 'No specialty has been asked to prepare this case.'}
            </p>
          ) : (
            <ul className="list-plain list-rows">
              {requests.map((request) => (
                <RequestItem
                  key={request.id}
                  request={request}
                  {...props}
                  meId={me.id}
                  meSpecialty={me.specialty}
                  isAdmin={me.role === 'admin'}
                />
              ))}
            </ul>
          )
        }
      </QueryView>
      {asking ? (
        <RequestDialog
          caseId={props.caseId}
          members={props.members}
          onChanged={props.onChanged}
          onClose={() => setAsking(false)}
        />
      ) : null}
    </Card>
  );
}

function RequestItem({
  request,
  canEdit,
  myRole,
  members,
  timezone,
  onChanged,
  meId,
  meSpecialty,
  isAdmin,
}: PreparationPanelProps & {
  request: PreparationRequestView;
  meId: string;
  meSpecialty: string;
  isAdmin: boolean;
}) {
  const [cancelling, setCancelling] = useState(false);
  const nameOf = (userId: string | null) =>
    userId === null
      ? ''
      : userId === meId
        ? 'you'
        : (members.find((member) => member.userId === userId)?.displayName ?? 'a former member');
  const member = myRole !== null && myRole !== 'observer';
  const mayComplete =
    request.status === 'open' &&
    (isAdmin ||
      myRole === 'coordinator' ||
      (member && (meSpecialty === request.specialty || request.assigneeId === meId)));
  const mayCancel =
    request.status === 'open' && (canEdit || (member && request.requestedBy === meId));
  const status = STATUS_LABELS[request.status];
  const title = requestTitle(request);

  return (
    <li className="stack preparation-item">
      <div className="preparation-heading">
        <strong>{title}</strong>
        <Badge tone={status.tone}>{status.label}</Badge>
      </div>
      <p className="pre-line">{request.question}</p>
      <p className="muted small">
        Asked by {nameOf(request.requestedBy)}, {dateTimeInZone(request.requestedAt, timezone)}
        {request.assigneeId
          ? ` · for ${nameOf(request.assigneeId)}`
          : ` · anyone in ${specialtyLabel(request.specialty)}`}
      </p>
      {request.status === 'done' ? (
        <div className="notice notice-success">
          <strong>Finding</strong> ({nameOf(request.completedBy)}
          {request.completedAt ? `, ${dateTimeInZone(request.completedAt, timezone)}` : ''}):{' '}
          <span className="pre-line">{request.finding}</span>
        </div>
      ) : null}
      {request.status === 'cancelled' ? (
        <p className="muted small">
          Cancelled by {nameOf(request.cancelledBy)}: {request.cancelledReason}
        </p>
      ) : null}
      {mayComplete ? (
        <Disclosure>
          <Heading level={4} className="preparation-disclosure">
            <Button slot="trigger" size="small" variant="secondary">
              Record the finding
            </Button>
          </Heading>
          <DisclosurePanel>
            <CompleteForm requestId={request.id} title={title} onChanged={onChanged} />
          </DisclosurePanel>
        </Disclosure>
      ) : null}
      {mayCancel ? (
        <div>
          <Button size="small" variant="quiet" onPress={() => setCancelling(true)}>
            Cancel request…
          </Button>
        </div>
      ) : null}
      {cancelling ? (
        <CancelRequestDialog
          requestId={request.id}
          title={title}
          onChanged={onChanged}
          onClose={() => setCancelling(false)}
        />
      ) : null}
    </li>
  );
}

const KIND_OPTIONS = (Object.keys(KIND_LABELS) as PreparationKind[]).map((id) => ({
  id,
  label: KIND_LABELS[id],
}));
const ANYONE = '__anyone';

function RequestDialog({
  caseId,
  members,
  onChanged,
  onClose,
}: {
  caseId: string;
  members: readonly BoardMemberView[];
  onChanged?: () => void;
  onClose: () => void;
}) {
  const request = useRequestPreparation(caseId, onChanged);
  const [kind, setKind] = useState<PreparationKind | null>(null);
  const [specialty, setSpecialty] = useState<string | null>(null);
  const [question, setQuestion] = useState('');
  const [assigneeId, setAssigneeId] = useState<string>(ANYONE);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);

  const reviewers = members.filter(
    (member) => member.role !== 'observer' && member.specialty === specialty,
  );
  const assigneeOptions = [
    {
      id: ANYONE,
      label: specialty ? `Anyone in ${specialtyLabel(specialty)}` : 'Anyone in the specialty',
    },
    ...reviewers.map((member) => ({ id: member.userId, label: member.displayName })),
  ];

  const submit = async () => {
    setProblem(null);
    const missing: Record<string, string> = {};
    if (!kind) missing.kind = 'Choose what kind of review is needed.';
    if (!specialty) missing.specialty = 'Choose the specialty to ask.';
    if (question.trim().length < 2)
      missing.question = 'Write the question (at least 2 characters).';
    setErrors(missing);
    if (!kind || !specialty || Object.keys(missing).length > 0) return;
    try {
      await request.mutateAsync({
        kind,
        specialty: specialty as NewPreparationRequest['specialty'],
        question: question.trim(),
        ...(assigneeId !== ANYONE ? { assigneeId } : {}),
      });
      onClose();
    } catch (error) {
      if (error instanceof ApiError && error.details.some((detail) => detail.field)) {
        const shown: Record<string, string> = {};
        const other: string[] = [];
        for (const detail of error.details) {
          const field = detail.field ?? '';
          if (['kind', 'specialty', 'question', 'assigneeId'].includes(field)) {
            shown[field] = [shown[field], fieldWords(field, detail.message)]
              .filter(Boolean)
              .join(' ');
          } else other.push(detail.message);
        }
        setErrors(shown);
        setProblem(other.length > 0 ? other.join(' ') : null);
      } else if (error instanceof ApiError && error.code === 'duplicate_open_request') {
        setProblem('This specialty already has an open request of this kind on the case.');
      } else {
        setProblem(errorMessage(error));
      }
    }
  };

  return (
    <Dialog
      title="Request a review"
      isOpen
      onOpenChange={(open) => {
        if (!open && !request.isPending) onClose();
      }}
    >
      <SubmitForm onSubmit={submit}>
        <p className="muted small">
          An open request keeps the case from being ready until the specialty records its finding.
        </p>
        <SelectField
          label="Kind of review"
          options={KIND_OPTIONS}
          value={kind}
          onChange={(id) => setKind(id as PreparationKind)}
          errorMessage={errors.kind}
          description="Imaging reviews are asked of radiology or nuclear medicine, slide reviews of pathology."
          isRequired
        />
        <SelectField
          label="Specialty"
          options={SPECIALTY_OPTIONS}
          value={specialty}
          onChange={(id) => {
            setSpecialty(id);
            setAssigneeId(ANYONE);
          }}
          errorMessage={errors.specialty}
          isRequired
        />
        <SelectField
          label="Ask"
          options={assigneeOptions}
          value={assigneeId}
          onChange={setAssigneeId}
          errorMessage={errors.assigneeId}
          description="Name a board member of that specialty, or leave it to anyone of it."
          isDisabled={!specialty}
        />
        <TextArea
          label="Question"
          rows={4}
          value={question}
          onChange={setQuestion}
          errorMessage={errors.question}
          description="For example: please re-read the PET-CT; is the contralateral mediastinal node involved?"
          maxLength={2000}
          isRequired
        />
        <FormError message={problem} />
        <div className="dialog-actions">
          <Button slot="close" isDisabled={request.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" isPending={request.isPending}>
            Send request
          </Button>
        </div>
      </SubmitForm>
    </Dialog>
  );
}
