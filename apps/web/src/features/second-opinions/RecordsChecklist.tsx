import { useState } from 'react';
import { errorMessage } from '../../api/errors';
import type { BoardMemberView } from '../../api/types';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { FormError, SelectField, SubmitForm } from '../../ui/fields';
import { Badge, Card } from '../../ui/Page';
import { reasonRefusal, ReasonDialog } from '../../ui/ReasonDialog';
import { QueryView } from '../../ui/states';
import { dateTimeInZone } from '../../ui/time';
import { OnceLink } from './OnceLink';
import {
  useChecklistQuery,
  useCreateUploadLink,
  useDownloadRecord,
  useWaiveRecord,
  type ChecklistItem,
  type SecondOpinionRecordView,
  type SecondOpinionView,
  type UploadKind,
  type UploadLinkView,
  type WaivableKind,
} from './queries';
import { fileSize } from '../../ui/words';
import { saveFile } from '../../api/download';

const HOURS_OPTIONS = [
  { id: '24', label: '24 hours' },
  { id: '72', label: '3 days' },
  { id: '168', label: '7 days (the longest)' },
];

/** Why records cannot be asked for or waived now, or null when they can. */
function collectionClosed(request: SecondOpinionView): string | null {
  if (request.status === 'consent_withdrawn')
    return 'Consent has been withdrawn: no records are collected.';
  if (request.status === 'opinion_delivered')
    return 'The opinion has been delivered: no more records are collected.';
  return null;
}

/**
 * The records the request cannot do without: for each, what has come in (to download), or its
 * waiver, or that it is missing; the coordinator asks the referrer for it with a single-use
 * upload link, or goes ahead without it, giving the reason.
 */
export function RecordsChecklist({
  request,
  timezone,
  members,
}: {
  request: SecondOpinionView;
  timezone: string;
  members: readonly BoardMemberView[];
}) {
  const checklist = useChecklistQuery(request.id);
  const download = useDownloadRecord(request.id);
  const [downloadProblem, setDownloadProblem] = useState<string | null>(null);
  const [links, setLinks] = useState<Partial<Record<string, UploadLinkView>>>({});
  const [asking, setAsking] = useState<ChecklistItem | null>(null);
  const [waiving, setWaiving] = useState<ChecklistItem | null>(null);
  const closed = collectionClosed(request);

  const save = async (record: SecondOpinionRecordView) => {
    setDownloadProblem(null);
    try {
      saveFile(await download.mutateAsync(record.id), record.fileName || `${record.kind}.pdf`);
    } catch (error) {
      setDownloadProblem(`“${record.title}” could not be downloaded. ${errorMessage(error)}`);
    }
  };
  const memberName = (id: string) =>
    members.find((member) => member.userId === id)?.displayName ?? 'a former member';

  return (
    <Card title="Records">
      <QueryView query={checklist} loadingLabel="Loading the records checklist…">
        {(view) => (
          <div className="stack">
            <p className={view.complete ? 'notice notice-success' : 'notice notice-warning'}>
              {view.complete
                ? 'Every required record has been received or waived.'
                : `Missing: ${view.missing.join('; ')}. The turnaround clock waits until they arrive or are waived.`}
            </p>
            {closed ? <p className="muted">{closed}</p> : null}
            <ul className="list-plain so-checklist">
              {view.items.map((item) => {
                const link = links[item.kind];
                return (
                  <li key={item.kind} className="so-checklist-item">
                    <div className="so-checklist-head">
                      <h3 className="so-item-title">{item.label}</h3>
                      <ItemState item={item} />
                    </div>
                    {item.records.length > 0 ? (
                      <ul className="list-plain so-records">
                        {item.records.map((record) => (
                          <li key={record.id} className="so-record">
                            <span>
                              <strong>{record.title}</strong>{' '}
                              <span className="muted small">
                                {record.fileName} · {fileSize(record.sizeBytes)} · received{' '}
                                {dateTimeInZone(record.receivedAt, timezone)}
                                {record.uploadLinkId ? ' through the referrer’s link' : ''}
                              </span>
                            </span>
                            <Button
                              size="small"
                              onPress={() => void save(record)}
                              isPending={download.isPending && download.variables === record.id}
                              aria-label={`Download ${record.title}`}
                            >
                              Download
                            </Button>
                          </li>
                        ))}
                      </ul>
                    ) : null}
                    {item.waiver ? (
                      <p className="small">
                        Waived by {memberName(item.waiver.waivedBy)} on{' '}
                        {dateTimeInZone(item.waiver.waivedAt, timezone)}: {item.waiver.reason}
                      </p>
                    ) : null}
                    {link?.url ? (
                      <OnceLink
                        label={`Upload link: ${item.label}`}
                        url={link.url}
                        expiresAt={link.expiresAt}
                        timezone={timezone}
                        onDone={() =>
                          setLinks((current) => ({ ...current, [item.kind]: undefined }))
                        }
                      />
                    ) : null}
                    {closed ? null : (
                      <div className="row">
                        <Button
                          size="small"
                          onPress={() => setAsking(item)}
                          aria-label={`Create upload link: ${item.label}`}
                        >
                          Create upload link
                        </Button>
                        {item.records.length === 0 && !item.waiver ? (
                          <Button
                            size="small"
                            variant="quiet"
                            onPress={() => setWaiving(item)}
                            aria-label={`Waive: ${item.label}`}
                          >
                            Waive
                          </Button>
                        ) : null}
                      </div>
                    )}
                  </li>
                );
              })}
            </ul>
            <FormError message={downloadProblem} />
          </div>
        )}
      </QueryView>
      {asking ? (
        <UploadLinkDialog
          request={request}
          item={asking}
          onClose={() => setAsking(null)}
          onCreated={(link) => {
            setLinks((current) => ({ ...current, [asking.kind]: link }));
            setAsking(null);
          }}
        />
      ) : null}
      {waiving ? (
        <WaiveDialog request={request} item={waiving} onClose={() => setWaiving(null)} />
      ) : null}
    </Card>
  );
}

function ItemState({ item }: { item: ChecklistItem }) {
  if (item.records.length > 0)
    return (
      <Badge tone="success">
        {item.records.length === 1 ? 'Received' : `${item.records.length} received`}
      </Badge>
    );
  if (item.waiver) return <Badge tone="neutral">Waived</Badge>;
  return <Badge tone="warning">Missing</Badge>;
}

function UploadLinkDialog({
  request,
  item,
  onClose,
  onCreated,
}: {
  request: SecondOpinionView;
  item: ChecklistItem;
  onClose: () => void;
  onCreated: (link: UploadLinkView) => void;
}) {
  const create = useCreateUploadLink(request.id, request.boardId);
  const [hours, setHours] = useState('72');
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <Dialog
      title={`Upload link: ${item.label}`}
      isOpen
      onOpenChange={(open) => {
        if (!open && !create.isPending) onClose();
      }}
    >
      <SubmitForm
        onSubmit={async () => {
          setProblem(null);
          try {
            onCreated(
              await create.mutateAsync({ kind: item.kind as UploadKind, hours: Number(hours) }),
            );
          } catch (error) {
            setProblem(errorMessage(error));
          }
        }}
      >
        <p>
          The referrer opens the link to upload one file for this record, without an account. It
          works once, until it expires.
        </p>
        {request.status === 'records_complete' ? (
          <p className="notice notice-warning">
            The checklist is complete: asking for another record pauses the turnaround clock until
            it arrives.
          </p>
        ) : null}
        <SelectField label="Valid for" options={HOURS_OPTIONS} value={hours} onChange={setHours} />
        <FormError message={problem} />
        <div className="dialog-actions">
          <Button slot="close" isDisabled={create.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" isPending={create.isPending}>
            Create the link
          </Button>
        </div>
      </SubmitForm>
    </Dialog>
  );
}

function WaiveDialog({
  request,
  item,
  onClose,
}: {
  request: SecondOpinionView;
  item: ChecklistItem;
  onClose: () => void;
}) {
  const waive = useWaiveRecord(request.id, request.boardId);
  return (
    <ReasonDialog
      title={`Waive: ${item.label}`}
      keepLabel="Keep waiting for it"
      confirmLabel="Waive the record"
      minLength={5}
      lengthMessage="Say why, in 5 to 1,000 characters."
      description="For example: diagnosis made on cytology only, no histology report exists."
      isPending={waive.isPending}
      {...reasonRefusal(waive.error, 'reason')}
      onInvalid={() => waive.reset()}
      onClose={onClose}
      onSubmit={async (reason) => {
        await waive.mutateAsync({ kind: item.kind as WaivableKind, reason });
        onClose();
      }}
    >
      <p>
        The review goes ahead without this record; the reason is kept on the request’s timeline.
        Once nothing else is missing, the turnaround clock starts.
      </p>
    </ReasonDialog>
  );
}
