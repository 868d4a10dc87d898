import { useMe } from '../../api/context';
import { Card } from '../../ui/Page';
import { reasonRefusal, ReasonForm } from '../../ui/ReasonDialog';
import { Empty, QueryView } from '../../ui/states';
import { dateTimeInZone } from '../../ui/time';
import {
  useAnswerQuestion,
  useAskQuestion,
  useQuestionsQuery,
  useReviewersQuery,
  type FollowUpQuestionView,
  type SecondOpinionView,
} from './queries';

/**
 * The referrer's follow-up questions about the delivered opinion, up to the number included
 * with it: each with its answer (an addendum, issued as a new version) once a reviewer of the
 * opinion gives it. A coordinator takes down a question the referrer asked by other means.
 */
export function FollowUpQuestions({
  request,
  timezone,
  readOnly,
}: {
  request: SecondOpinionView;
  timezone: string;
  readOnly: boolean;
}) {
  const me = useMe();
  const questions = useQuestionsQuery(request.id, true);
  const reviewers = useReviewersQuery(request.id);
  const ask = useAskQuestion(request.id, request.boardId);
  // Questions are answered by the reviewers who gave the opinion; a coordinator may be one.
  const mayAnswer = (reviewers.data ?? []).some(
    (reviewer) =>
      reviewer.userId === me.id &&
      reviewer.attestation === 'no_conflict' &&
      reviewer.assessmentSubmittedAt !== null,
  );
  return (
    <Card title="Follow-up questions">
      <QueryView query={questions} loadingLabel="Loading the questions…">
        {(list) => {
          const left = Math.max(0, request.followUpQuestionsAllowed - list.length);
          return (
            <div className="stack">
              <p className="muted small">
                {list.length} of {request.followUpQuestionsAllowed} asked; {left} left. The
                reviewers who gave the opinion answer them, each answer issued as a new version.
              </p>
              {list.length === 0 ? (
                <Empty title="No questions yet">
                  The referrer asks through their link to the opinion.
                </Empty>
              ) : (
                <ol className="list-plain stack">
                  {list.map((question) => (
                    <Question
                      key={question.id}
                      request={request}
                      question={question}
                      timezone={timezone}
                      mayAnswer={mayAnswer && !readOnly}
                    />
                  ))}
                </ol>
              )}
              {readOnly || left === 0 ? null : (
                <ReasonForm
                  aria-label="Record a question asked by other means"
                  label="A question the referrer asked by other means"
                  description="By phone or email, for example. It counts toward the questions allowed."
                  minLength={5}
                  maxLength={4000}
                  lengthMessage="Write the question in 5 to 4,000 characters."
                  confirmLabel="Record the question"
                  isPending={ask.isPending}
                  {...reasonRefusal(ask.error, 'question')}
                  onInvalid={() => ask.reset()}
                  onSubmit={async (text, clear) => {
                    await ask.mutateAsync(text);
                    clear();
                  }}
                />
              )}
            </div>
          );
        }}
      </QueryView>
    </Card>
  );
}

function Question({
  request,
  question,
  timezone,
  mayAnswer,
}: {
  request: SecondOpinionView;
  question: FollowUpQuestionView;
  timezone: string;
  mayAnswer: boolean;
}) {
  const answer = useAnswerQuestion(request.id, request.boardId);
  return (
    <li className="so-question">
      <h3 className="so-item-title">Question {question.number}</h3>
      <p className="muted small">
        Asked{' '}
        {question.askedVia === 'referrer_link'
          ? 'through the referrer’s link'
          : 'by phone or email, recorded by a coordinator'}{' '}
        on {dateTimeInZone(question.askedAt, timezone)}
      </p>
      <p className="so-prewrap">{question.question}</p>
      {question.answer !== null ? (
        <div className="so-answer">
          <p className="muted small">
            Answered
            {question.answeredAt ? ` on ${dateTimeInZone(question.answeredAt, timezone)}` : ''}
            {question.answeredInVersion ? `, in version ${question.answeredInVersion}` : ''}
          </p>
          <p className="so-prewrap">{question.answer}</p>
        </div>
      ) : mayAnswer ? (
        <ReasonForm
          aria-label={`Answer question ${question.number}`}
          label="Your answer"
          minLength={2}
          maxLength={8000}
          lengthMessage="Write the answer in 2 to 8,000 characters."
          confirmLabel={`Answer question ${question.number}`}
          isPending={answer.isPending}
          {...reasonRefusal(answer.error, 'answer')}
          onInvalid={() => answer.reset()}
          onSubmit={(text) => answer.mutateAsync({ number: question.number, answer: text })}
        />
      ) : (
        <p className="muted">Awaiting an answer from the reviewers.</p>
      )}
    </li>
  );
}
