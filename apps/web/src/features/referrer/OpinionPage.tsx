import { useId, useState } from 'react';
import { useIntl } from 'react-intl';
import type { ConsultationView, FollowUpQuestionView, ReferrerOpinionView } from '@app/contracts';
import { ApiError } from '../../api/errors';
import { Button } from '../../ui/Button';
import { FormError, SubmitForm, TextArea } from '../../ui/fields';
import { DownloadButton } from './DownloadButton';
import { dateTime, isolate, minutes, zoneName } from './format';
import { useLinkToken } from './linkToken';
import { goneReason, openingState, problemMessage, type LinkState } from './problems';
import {
  QUESTION_LIMIT_REACHED,
  fetchInvitation,
  fetchOpinionDocument,
  useAskQuestion,
  useOpinion,
} from './queries';
import { OpinionText } from './OpinionText';
import { LinkProblem, LoadProblem, Loading, ReferrerFrame } from './ReferrerFrame';
import { useDocumentTitle, useText } from './ReferrerIntl';

const QUESTION_MIN = 5;
const QUESTION_MAX = 4000;

/**
 * The referrer's link to a delivered opinion: the latest version to read, every version as PDFs,
 * the follow-up questions and
 * their answers, a question of their own while any are left, and the consultation.
 */
export function OpinionPage() {
  return (
    <ReferrerFrame>
      <OpinionLink />
    </ReferrerFrame>
  );
}

function OpinionLink() {
  useDocumentTitle('opinion.documentTitle');
  const token = useLinkToken('opinions');
  if (!token) return <LinkProblem state="missing" />;
  return <Opinion token={token} />;
}

function Opinion({ token }: { token: string }) {
  const t = useText();
  const intl = useIntl();
  const opinion = useOpinion(token);
  const [gone, setGone] = useState<LinkState | null>(null);
  if (opinion.isPending) return <Loading />;
  if (opinion.error) {
    const state = openingState(opinion.error);
    return state ? (
      <LinkProblem state={state} />
    ) : (
      <LoadProblem error={opinion.error} retry={() => void opinion.refetch()} />
    );
  }
  if (gone) return <LinkProblem state={gone} />;
  const view = opinion.data;
  return (
    <>
      <section className="referrer-card">
        <h1>{t('opinion.heading')}</h1>
        <dl className="referrer-facts">
          <dt>{t('opinion.board')}</dt>
          <dd>{view.boardName}</dd>
          <dt>{t('opinion.patient')}</dt>
          <dd className="referrer-reference">
            <bdi>{view.patientReference}</bdi>
          </dd>
        </dl>
        <p className="muted">{t('link.expiresAt', { date: dateTime(intl, view.linkExpiresAt) })}</p>
      </section>
      <OpinionText view={view} />
      <Versions token={token} view={view} onGone={setGone} />
      <Questions token={token} view={view} onGone={setGone} />
      <Consultation token={token} consultation={view.consultation} onGone={setGone} />
    </>
  );
}

function Versions({
  token,
  view,
  onGone,
}: {
  token: string;
  view: ReferrerOpinionView;
  onGone: (state: LinkState) => void;
}) {
  const t = useText();
  const headingId = useId();
  const newestFirst = [...view.versions].sort((a, b) => b.version - a.version);
  return (
    <section className="referrer-card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('versions.heading')}</h2>
      {newestFirst.length === 0 ? (
        <p className="muted">{t('versions.none')}</p>
      ) : (
        <>
          <p className="muted">{t('versions.intro')}</p>
          <ul className="list-plain referrer-versions">
            {newestFirst.map((version, index) => (
              <Version
                key={version.version}
                token={token}
                version={version}
                latest={index === 0}
                answers={view.questions.find((q) => q.answeredInVersion === version.version)}
                onGone={onGone}
              />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function Version({
  token,
  version,
  latest,
  answers,
  onGone,
}: {
  token: string;
  version: ReferrerOpinionView['versions'][number];
  latest: boolean;
  /** The follow-up question this version (an addendum) answers, if it is one. */
  answers: FollowUpQuestionView | undefined;
  onGone: (state: LinkState) => void;
}) {
  const t = useText();
  const intl = useIntl();
  const headingId = useId();
  return (
    <li>
      <h3 className="referrer-version-heading">
        <span id={headingId}>{t('versions.version', { version: version.version })}</span>
        {latest ? <span className="badge badge-info">{t('versions.latest')}</span> : null}
      </h3>
      <p className="referrer-version-kind">
        {answers
          ? t('versions.addendum', { number: answers.number })
          : version.arbitrationOutcome
            ? t('versions.arbitration')
            : version.version === 1
              ? t('versions.original')
              : t('versions.revised')}
      </p>
      {/* An addendum and an arbitration are said in the reader's language, not the server's. */}
      {version.arbitrationOutcome ? (
        <p>{t('versions.arbitrationOutcome', { outcome: version.arbitrationOutcome })}</p>
      ) : version.revisionReason && !answers ? (
        <p>{t('versions.reason', { reason: isolate(version.revisionReason) })}</p>
      ) : null}
      <p className="muted small">
        {t('versions.issued', { date: dateTime(intl, version.issuedAt) })}
      </p>
      <div className="referrer-actions">
        <DownloadButton
          label={t('versions.clinicalReport')}
          context={headingId}
          load={() => fetchOpinionDocument(token, 'clinical-report', version.version)}
          failed="versions.downloadFailed"
          onGone={onGone}
        />
        <DownloadButton
          label={t('versions.patientSummary')}
          context={headingId}
          load={() => fetchOpinionDocument(token, 'patient-summary', version.version)}
          failed="versions.downloadFailed"
          onGone={onGone}
        />
      </div>
    </li>
  );
}

function Questions({
  token,
  view,
  onGone,
}: {
  token: string;
  view: ReferrerOpinionView;
  onGone: (state: LinkState) => void;
}) {
  const t = useText();
  const headingId = useId();
  return (
    <section className="referrer-card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('questions.heading')}</h2>
      <p>{t('questions.intro', { allowed: view.questionsAllowed })}</p>
      {view.questions.length === 0 ? (
        <p className="muted">{t('questions.none')}</p>
      ) : (
        <ol className="list-plain referrer-questions">
          {[...view.questions]
            .sort((a, b) => a.number - b.number)
            .map((question) => (
              <Question key={question.id} question={question} />
            ))}
        </ol>
      )}
      {view.questionsAllowed > 0 ? (
        <AskQuestion token={token} remaining={view.questionsRemaining} onGone={onGone} />
      ) : null}
    </section>
  );
}

function Question({ question }: { question: FollowUpQuestionView }) {
  const t = useText();
  const intl = useIntl();
  return (
    <li>
      <h3>{t('questions.number', { number: question.number })}</h3>
      <p className="muted small">
        {t('questions.askedAt', { date: dateTime(intl, question.askedAt) })}
      </p>
      <p className="referrer-text" dir="auto">
        {question.question}
      </p>
      {question.answer ? (
        <div className="referrer-answer">
          <h4>{t('questions.answer')}</h4>
          <p className="referrer-text" dir="auto">
            {question.answer}
          </p>
          {question.answeredAt ? (
            <p className="muted small">
              {question.answeredInVersion
                ? t('questions.answeredIn', {
                    date: dateTime(intl, question.answeredAt),
                    version: question.answeredInVersion,
                  })
                : t('questions.answeredOn', { date: dateTime(intl, question.answeredAt) })}
            </p>
          ) : null}
        </div>
      ) : (
        <p className="muted">{t('questions.awaiting')}</p>
      )}
    </li>
  );
}

function AskQuestion({
  token,
  remaining,
  onGone,
}: {
  token: string;
  remaining: number;
  onGone: (state: LinkState) => void;
}) {
  const t = useText();
  const ask = useAskQuestion(token);
  const [question, setQuestion] = useState('');
  const [lengthWrong, setLengthWrong] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [sent, setSent] = useState(false);
  const noneLeft = remaining === 0;

  const submit = async () => {
    setFailure(null);
    setSent(false);
    const text = question.trim();
    const wrong = text.length < QUESTION_MIN || text.length > QUESTION_MAX;
    setLengthWrong(wrong);
    if (wrong) return;
    try {
      await ask.mutateAsync(text);
      setQuestion('');
      setSent(true);
    } catch (error) {
      const gone = goneReason(error);
      if (gone) onGone(gone);
      else if (error instanceof ApiError && error.fieldMessages('question').length > 0)
        setLengthWrong(true);
      // The form closes and says why (every question has been asked).
      else if (!(error instanceof ApiError && error.code === QUESTION_LIMIT_REACHED))
        setFailure(error);
    }
  };

  const problem = failure ? problemMessage(failure) : null;
  const limits = { min: QUESTION_MIN, max: QUESTION_MAX };
  return (
    <div className="referrer-ask">
      <p className="referrer-remaining" role="status">
        {t('questions.remaining', { count: remaining })}
      </p>
      {sent ? (
        <p className="notice notice-success" role="status">
          {t('questions.sent')}
        </p>
      ) : null}
      {noneLeft ? <p className="notice">{t('questions.noneLeft')}</p> : null}
      <SubmitForm onSubmit={submit}>
        <TextArea
          label={t('questions.form.label')}
          description={t('questions.form.description', limits)}
          value={question}
          onChange={setQuestion}
          errorMessage={lengthWrong ? t('questions.error.length', limits) : undefined}
          maxLength={QUESTION_MAX}
          rows={5}
          isRequired
          isDisabled={noneLeft || ask.isPending}
        />
        <FormError message={problem ? t(problem.id, problem.values) : null} />
        <div className="referrer-actions">
          <Button type="submit" variant="primary" isDisabled={noneLeft} isPending={ask.isPending}>
            {t('questions.submit')}
          </Button>
        </div>
      </SubmitForm>
    </div>
  );
}

function Consultation({
  token,
  consultation,
  onGone,
}: {
  token: string;
  consultation: ConsultationView | null;
  onGone: (state: LinkState) => void;
}) {
  const t = useText();
  const intl = useIntl();
  const headingId = useId();
  const ownZone = new Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <section className="referrer-card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('consultation.heading')}</h2>
      {consultation ? (
        <>
          {consultation.cancelledAt ? (
            <p className="notice notice-warning">
              {t('consultation.cancelled', { date: dateTime(intl, consultation.cancelledAt) })}
            </p>
          ) : null}
          <dl className="referrer-facts">
            <dt>{t('consultation.when')}</dt>
            <dd>
              {/* The patient's own zone, as the invitation carries it. */}
              <span className="referrer-consultation-time">
                {t('consultation.patientTime', {
                  time: dateTime(intl, consultation.startsAt, consultation.timezone),
                  zone: zoneName(consultation.timezone),
                })}
              </span>
              {ownZone !== consultation.timezone ? (
                <span className="muted small referrer-own-time">
                  {t('consultation.yourTime', { time: dateTime(intl, consultation.startsAt) })}
                </span>
              ) : null}
            </dd>
            <dt>{t('consultation.duration')}</dt>
            <dd>{minutes(intl, consultation.durationMinutes)}</dd>
            <dt>{t('consultation.location')}</dt>
            <dd>
              <bdi>{consultation.location}</bdi>
            </dd>
          </dl>
          <div className="referrer-actions">
            <DownloadButton
              label={t(
                consultation.cancelledAt
                  ? 'consultation.cancellationFile'
                  : 'consultation.addToCalendar',
              )}
              load={() => fetchInvitation(token)}
              failed="consultation.downloadFailed"
              onGone={onGone}
            />
          </div>
        </>
      ) : (
        <p className="muted">{t('consultation.none')}</p>
      )}
    </section>
  );
}
