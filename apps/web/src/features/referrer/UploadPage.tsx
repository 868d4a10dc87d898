import { useRef, useState } from 'react';
import { DropZone, FileTrigger, Label, ProgressBar, Text } from 'react-aria-components';
import { useIntl, type IntlShape } from 'react-intl';
import type { SecondOpinionRecordView, UploadLinkRequestView } from '@app/contracts';
import { ApiError } from '../../api/errors';
import { UPLOAD_ACCEPT, UPLOAD_LIMIT_BYTES } from '../../api/uploadRules';
import { Button } from '../../ui/Button';
import { SubmitForm, TextInput } from '../../ui/fields';
import { checkFile, type FileProblem } from './fileCheck';
import { dateTime, fileSize, isolate, shortFingerprint, sizeAndLimit } from './format';
import { useLinkToken } from './linkToken';
import type { MessageId } from './locale';
import { goneReason, openingState, problemMessage, type LinkState } from './problems';
import { useUploadLink, useSendRecord } from './queries';
import { FocusedHeading, LinkProblem, LoadProblem, Loading, ReferrerFrame } from './ReferrerFrame';
import { useDocumentTitle, useText, type Translate } from './ReferrerIntl';

const TITLE_MIN = 2;
const TITLE_MAX = 200;

/** The referrer's upload link: one record of the kind asked for, sent with its progress shown. */
export function UploadPage() {
  return (
    <ReferrerFrame>
      <UploadLink />
    </ReferrerFrame>
  );
}

function UploadLink() {
  useDocumentTitle('upload.documentTitle');
  const token = useLinkToken('uploads');
  if (!token) return <LinkProblem state="missing" />;
  return <UploadRequest token={token} />;
}

function UploadRequest({ token }: { token: string }) {
  const link = useUploadLink(token);
  const [gone, setGone] = useState<LinkState | null>(null);
  const [received, setReceived] = useState<SecondOpinionRecordView | null>(null);
  if (link.isPending) return <Loading />;
  if (link.error) {
    const state = openingState(link.error);
    return state ? (
      <LinkProblem state={state} />
    ) : (
      <LoadProblem error={link.error} retry={() => void link.refetch()} />
    );
  }
  if (received) return <Received record={received} />;
  if (gone) return <LinkProblem state={gone} />;
  return (
    <RequestedRecord request={link.data} token={token} onReceived={setReceived} onGone={setGone} />
  );
}

/** The record's kinds in the reader's language; a kind this page does not know keeps the server's label. */
const KIND_MESSAGES: Readonly<Record<string, MessageId>> = {
  pathology_report: 'kind.pathology_report',
  radiology_report: 'kind.radiology_report',
  clinical_note: 'kind.clinical_note',
  imaging_study: 'kind.imaging_study',
  lab: 'kind.lab',
  genomics: 'kind.genomics',
  other: 'kind.other',
};

function RequestedRecord({
  request,
  token,
  onReceived,
  onGone,
}: {
  request: UploadLinkRequestView;
  token: string;
  onReceived: (record: SecondOpinionRecordView) => void;
  onGone: (state: LinkState) => void;
}) {
  const t = useText();
  const intl = useIntl();
  const kind = KIND_MESSAGES[request.kind];
  return (
    <>
      <section className="referrer-card">
        <h1>{t('upload.heading')}</h1>
        <dl className="referrer-facts">
          <dt>{t('upload.requested')}</dt>
          <dd className="referrer-requested">{kind ? t(kind) : request.label}</dd>
        </dl>
        <p>{t('upload.intro')}</p>
        <p className="muted">{t('link.expiresAt', { date: dateTime(intl, request.expiresAt) })}</p>
      </section>
      <section className="referrer-card">
        <UploadForm token={token} onReceived={onReceived} onGone={onGone} />
      </section>
    </>
  );
}

interface Chosen {
  file: File;
  contentType: string;
}

function UploadForm({
  token,
  onReceived,
  onGone,
}: {
  token: string;
  onReceived: (record: SecondOpinionRecordView) => void;
  onGone: (state: LinkState) => void;
}) {
  const t = useText();
  const intl = useIntl();
  const send = useSendRecord(token);
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [fileProblem, setFileProblem] = useState<FileProblem | null>(null);
  const [title, setTitle] = useState('');
  const [titleWrong, setTitleWrong] = useState(false);
  // Kept as the failure, worded when shown: the reader may switch language meanwhile.
  const [failure, setFailure] = useState<unknown>(null);
  const [cancelled, setCancelled] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const abort = useRef<AbortController | null>(null);
  const sending = progress !== null;

  const choose = async (file: File | undefined) => {
    setFailure(null);
    setCancelled(false);
    if (!file) return;
    const check = await checkFile(file);
    if (!check.ok) {
      setChosen(null);
      setFileProblem(check.problem);
      return;
    }
    setFileProblem(null);
    setChosen({ file, contentType: check.contentType });
    if (!title.trim()) setTitle(file.name.replace(/\.[^.]+$/, ''));
  };

  const submit = async () => {
    setFailure(null);
    setCancelled(false);
    const trimmed = title.trim();
    const badTitle = trimmed.length < TITLE_MIN || trimmed.length > TITLE_MAX;
    setTitleWrong(badTitle);
    if (!chosen) setFileProblem((current) => current ?? { id: 'upload.error.noFile' });
    if (!chosen || badTitle) return;
    const controller = new AbortController();
    abort.current = controller;
    setProgress(0);
    try {
      const record = await send.mutateAsync({
        file: chosen.file,
        contentType: chosen.contentType,
        title: trimmed,
        onProgress: (fraction) => setProgress(Math.round(fraction * 100)),
        signal: controller.signal,
      });
      onReceived(record);
    } catch (error) {
      const gone = goneReason(error);
      if (gone) onGone(gone);
      else if (error instanceof ApiError && error.status === 404) onGone('not_found');
      else if (error instanceof DOMException && error.name === 'AbortError') setCancelled(true);
      else refuse(error);
    } finally {
      setProgress(null);
      abort.current = null;
    }
  };

  /** A refusal about the file or the title is said beside it; anything else above the button. */
  const refuse = (error: unknown) => {
    if (error instanceof ApiError && error.status === 413) {
      setFileProblem({ id: 'upload.refused.size' });
    } else if (error instanceof ApiError && error.status === 415) {
      setFileProblem({ id: 'upload.refused.type' });
    } else if (error instanceof ApiError && error.status === 422) {
      setFileProblem({ id: 'upload.refused.unreadable' });
    } else if (
      error instanceof ApiError &&
      error.status === 400 &&
      error.fieldMessages('file').length > 0
    ) {
      setFileProblem({ id: 'upload.refused.type' });
    } else if (
      error instanceof ApiError &&
      error.status === 400 &&
      error.fieldMessages('title').length > 0
    ) {
      setTitleWrong(true);
    } else {
      setFailure(error);
    }
  };

  const limitText = fileSize(intl, UPLOAD_LIMIT_BYTES);
  return (
    <SubmitForm onSubmit={submit}>
      <div className="field">
        <DropZone
          className="referrer-drop"
          aria-label={t('upload.file.legend')}
          isDisabled={sending}
          // Any file may be dropped: a wrong one is explained rather than silently refused.
          getDropOperation={() => 'copy'}
          onDrop={async (event) => {
            const item = event.items.find((dropped) => dropped.kind === 'file');
            if (item && item.kind === 'file') await choose(await item.getFile());
          }}
        >
          <Text slot="label" className="referrer-drop-text">
            {t('upload.drop')}
          </Text>
          <FileTrigger
            acceptedFileTypes={UPLOAD_ACCEPT}
            onSelect={(files) => void choose(files?.[0] ?? undefined)}
          >
            <Button isDisabled={sending}>
              {chosen ? t('upload.chooseAnother') : t('upload.choose')}
            </Button>
          </FileTrigger>
          <p className="muted small">{t('upload.rules', { limit: limitText })}</p>
        </DropZone>
        {chosen ? (
          <p className="referrer-chosen" role="status">
            {t('upload.chosen', {
              name: isolate(chosen.file.name),
              size: fileSize(intl, chosen.file.size),
            })}
          </p>
        ) : null}
        {fileProblem ? (
          <p className="field-error" role="alert">
            {fileProblemText(fileProblem, t, intl)}
          </p>
        ) : null}
      </div>
      <TextInput
        label={t('upload.title.label')}
        description={t('upload.title.description')}
        value={title}
        onChange={setTitle}
        errorMessage={
          titleWrong ? t('upload.error.title', { min: TITLE_MIN, max: TITLE_MAX }) : undefined
        }
        maxLength={TITLE_MAX}
        isRequired
        isDisabled={sending}
      />
      {sending ? (
        <ProgressBar className="meter" value={progress}>
          {({ percentage, valueText }) => (
            <>
              <div className="meter-label">
                <Label>{t('upload.progress', { name: isolate(chosen?.file.name ?? '') })}</Label>
                <span>{valueText}</span>
              </div>
              <div className="meter-track">
                <div className="meter-fill" style={{ width: `${percentage ?? 0}%` }} />
              </div>
            </>
          )}
        </ProgressBar>
      ) : null}
      {cancelled ? (
        <p className="notice" role="status">
          {t('upload.cancelled')}
        </p>
      ) : null}
      {failure ? <SendFailure error={failure} retry={() => void submit()} /> : null}
      <div className="referrer-actions">
        {sending ? (
          <Button onPress={() => abort.current?.abort()}>{t('upload.cancel')}</Button>
        ) : (
          <Button type="submit" variant="primary">
            {t('upload.send')}
          </Button>
        )}
      </div>
    </SubmitForm>
  );
}

function SendFailure({ error, retry }: { error: unknown; retry: () => void }) {
  const t = useText();
  const problem = problemMessage(error);
  // A lost connection is said as what happened to the record.
  const text =
    problem.id === 'problem.network' ? t('upload.networkLost') : t(problem.id, problem.values);
  return (
    <div className="form-error referrer-failure" role="alert">
      <p>{text}</p>
      <Button onPress={retry}>{t('action.retry')}</Button>
    </div>
  );
}

function fileProblemText(problem: FileProblem, t: Translate, intl: IntlShape): string {
  if (problem.id === 'upload.error.size') {
    const [size, limit] = sizeAndLimit(intl, problem.size, UPLOAD_LIMIT_BYTES);
    return t(problem.id, { name: isolate(problem.name), size, limit });
  }
  return 'name' in problem ? t(problem.id, { name: isolate(problem.name) }) : t(problem.id);
}

/** What the team received, so the referrer can keep a note of it. */
function Received({ record }: { record: SecondOpinionRecordView }) {
  const t = useText();
  const intl = useIntl();
  return (
    <section className="referrer-card referrer-done">
      <FocusedHeading>{t('upload.done.title')}</FocusedHeading>
      <p>{t('upload.done.body')}</p>
      <dl className="referrer-facts">
        <dt>{t('upload.done.recordTitle')}</dt>
        <dd>
          <bdi>{record.title}</bdi>
        </dd>
        <dt>{t('upload.done.fileName')}</dt>
        <dd>
          <bdi>{record.fileName}</bdi>
        </dd>
        <dt>{t('upload.done.size')}</dt>
        <dd>{fileSize(intl, record.sizeBytes)}</dd>
        <dt>{t('upload.done.receivedAt')}</dt>
        <dd>{dateTime(intl, record.receivedAt)}</dd>
        <dt>{t('upload.done.fingerprint')}</dt>
        <dd>
          <code dir="ltr" title={record.sha256}>
            {t('upload.done.fingerprintShort', { fingerprint: shortFingerprint(record.sha256) })}
          </code>
          <p className="muted small">{t('upload.done.fingerprintHelp')}</p>
        </dd>
      </dl>
    </section>
  );
}
