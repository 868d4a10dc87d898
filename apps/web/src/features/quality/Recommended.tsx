import type { FollowUpItem } from './followUps';
import { useRecommendationQuery, useWrittenOpinionQuery } from './queries';

/**
 * What was recommended, in the words published: the board recommendation's latest version, or
 * the written opinion's conclusion (which only coordinators may read from here).
 */
export function Recommended({
  subject,
  mayReadOpinion,
}: {
  subject: FollowUpItem['subject'];
  mayReadOpinion: boolean;
}) {
  return subject.type === 'recommendation' ? (
    <BoardRecommendation versionId={subject.currentVersionId} />
  ) : (
    <OpinionConclusion requestId={subject.id} mayRead={mayReadOpinion} />
  );
}

function BoardRecommendation({ versionId }: { versionId: string | null }) {
  const recommendation = useRecommendationQuery(versionId);
  if (versionId === null) return <span className="muted">No published version</span>;
  if (recommendation.isPending) return <span className="muted">Loading…</span>;
  if (!recommendation.data)
    return <span className="muted">The recommendation could not be loaded.</span>;
  const { recommendation: proposed } = recommendation.data.content;
  return (
    <span className="follow-up-recommended">
      {proposed.text}
      {proposed.sequence ? <span className="muted"> — {proposed.sequence}</span> : null}
    </span>
  );
}

function OpinionConclusion({ requestId, mayRead }: { requestId: string; mayRead: boolean }) {
  const opinion = useWrittenOpinionQuery(requestId, mayRead);
  if (!mayRead) return <span className="muted">The written opinion is open to coordinators.</span>;
  if (opinion.isPending) return <span className="muted">Loading…</span>;
  if (!opinion.data) return <span className="muted">The written opinion could not be loaded.</span>;
  return (
    <span className="follow-up-recommended">{opinion.data.content.conclusion.recommendation}</span>
  );
}
