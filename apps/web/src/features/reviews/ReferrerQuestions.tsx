import { Card } from '../../ui/Page';
import { reasonRefusal, ReasonForm } from '../../ui/ReasonDialog';
import { Empty, QueryView } from '../../ui/states';
import { dateTimeInZone, localZone } from '../../ui/time';
import { useAnswerQuestion, useQuestionsQuery, type FollowUpQuestionView } from './queries';

/**
 * The referrer's follow-up questions on the delivered opinion, for a reviewer who gave it: each
 * answer is an addendum, issued as a new version of the written opinion. Asked for only once the
 * opinion is delivered and the reviewer's own assessment is in (the opinion quotes the first).
 */
export function ReferrerQuestions({ requestId }: { requestId: string }) {
  const questions = useQuestionsQuery(requestId);
  return (
    <Card title="Questions from the referrer">
      <QueryView query={questions} loadingLabel="Loading the questions…">
        {(list) =>
          list.length === 0 ? (
            <Empty title="No questions yet">
              The referrer may ask about the delivered opinion through their link; the questions
              appear here for you to answer.
            </Empty>
          ) : (
            <ol className="list-plain stack">
              {list.map((question) => (
                <Question key={question.id} requestId={requestId} question={question} />
              ))}
            </ol>
          )
        }
      </QueryView>
    </Card>
  );
}

function Question({ requestId, question }: { requestId: string; question: FollowUpQuestionView }) {
  const answer = useAnswerQuestion(requestId);
  return (
    <li className="stack reviews-question">
      <h3 className="reviews-question-title">Question {question.number}</h3>
      <p className="muted small">Asked on {dateTimeInZone(question.askedAt, localZone())}</p>
      <p className="reviews-text">{question.question}</p>
      {question.answer === null ? (
        <ReasonForm
          aria-label={`Answer question ${question.number}`}
          label="Your answer"
          description="Sent to the referrer as an addendum: a new version of the written opinion."
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
        <div className="stack">
          <p className="muted small">
            Answered
            {question.answeredAt ? ` on ${dateTimeInZone(question.answeredAt, localZone())}` : ''}
            {question.answeredInVersion ? `, in version ${question.answeredInVersion}` : ''}
          </p>
          <p className="reviews-text">{question.answer}</p>
        </div>
      )}
    </li>
  );
}
