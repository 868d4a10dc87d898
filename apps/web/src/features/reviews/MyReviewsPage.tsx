import { useId } from 'react';
import { Link } from 'react-aria-components';
import { Badge, PageHeader } from '../../ui/Page';
import { Empty, QueryView } from '../../ui/states';
import { dateTimeInZone, localZone } from '../../ui/time';
import { useMyReviewsQuery, type MyReviewView } from './queries';
import { REQUEST_TYPE_LABELS, ROLE_LABELS, clockUrgency, clockWords } from './words';
import './reviews.css';

/** Whether the caller still has something to do on the request. */
function isOpen(item: MyReviewView): boolean {
  return (
    item.completedAt === null &&
    item.attestation !== 'conflict_declared' &&
    item.status !== 'consent_withdrawn'
  );
}

/** Most pressing turnaround first, then urgent before routine, then the longest waiting. */
function byUrgency(a: MyReviewView, b: MyReviewView): number {
  return (
    clockUrgency(a.clock) - clockUrgency(b.clock) ||
    Number(b.priority === 'urgent') - Number(a.priority === 'urgent') ||
    a.assignedAt.localeCompare(b.assignedAt)
  );
}

/** Most recently finished first. */
function byCompletion(a: MyReviewView, b: MyReviewView): number {
  return (b.completedAt ?? b.assignedAt).localeCompare(a.completedAt ?? a.assignedAt);
}

function workspaceHref(item: Pick<MyReviewView, 'requestId' | 'role'>): string {
  return `/second-opinions/${item.requestId}/${item.role === 'arbiter' ? 'arbitration' : 'review'}`;
}

function nextStep(item: MyReviewView): string {
  if (item.attestation === null) return 'Answer the conflict-of-interest question';
  if (item.assessmentSubmittedAt === null) return 'Write your independent assessment';
  return item.role === 'arbiter' ? 'Decide which opinion stands' : 'Classify the concordance';
}

function closedWords(item: MyReviewView): string {
  if (item.attestation === 'conflict_declared')
    return 'You declared a conflict of interest: your involvement ended';
  if (item.completedAt) return `Completed ${dateTimeInZone(item.completedAt, localZone())}`;
  return 'The patient withdrew their consent: the review stopped';
}

/** The second-opinion requests the signed-in clinician reviews or arbitrates. */
export function MyReviewsPage() {
  const query = useMyReviewsQuery();
  return (
    <div className="page">
      <PageHeader
        title="My reviews"
        subtitle="Second-opinion requests you review or arbitrate: open work first, the most pressing turnaround first."
      />
      <QueryView query={query} loadingLabel="Loading your reviews…">
        {(items) =>
          items.length === 0 ? (
            <Empty title="No reviews yet">
              When a coordinator asks you to review a second-opinion request, or to arbitrate one,
              it appears here.
            </Empty>
          ) : (
            <div className="stack">
              <ReviewList
                title="To do"
                items={items.filter(isOpen).sort(byUrgency)}
                empty="Nothing is waiting for you."
                open
              />
              <ReviewList
                title="Completed or closed"
                items={items.filter((item) => !isOpen(item)).sort(byCompletion)}
                empty="None yet."
                open={false}
              />
            </div>
          )
        }
      </QueryView>
    </div>
  );
}

function ReviewList({
  title,
  items,
  empty,
  open,
}: {
  title: string;
  items: MyReviewView[];
  empty: string;
  open: boolean;
}) {
  const id = useId();
  return (
    <section className="stack" aria-labelledby={id}>
      <h2 id={id}>
        {title} <span className="muted">({items.length})</span>
      </h2>
      {items.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul className="list-plain stack">
          {items.map((item) => (
            <ReviewItem key={`${item.requestId}-${item.role}`} item={item} open={open} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ReviewItem({ item, open }: { item: MyReviewView; open: boolean }) {
  const clock = clockWords(item.clock);
  return (
    <li className="card stack reviews-item">
      <h3>
        <Link href={workspaceHref(item)}>
          {item.patient.reference}: {REQUEST_TYPE_LABELS[item.type]}
        </Link>
      </h3>
      <div className="reviews-meta">
        <Badge tone="info">{ROLE_LABELS[item.role]}</Badge>
        {item.priority === 'urgent' ? <Badge tone="warning">Urgent</Badge> : null}
        {open ? <Badge tone={clock.tone}>Turnaround: {clock.label}</Badge> : null}
        <span>{item.boardName}</span>
      </div>
      <div className="reviews-meta">
        {open ? (
          <>
            <span>
              Next: <strong>{nextStep(item)}</strong>
            </span>
            <span>{clock.detail}</span>
          </>
        ) : (
          <span>{closedWords(item)}</span>
        )}
        <span>Assigned {dateTimeInZone(item.assignedAt, localZone())}</span>
      </div>
      <p className="reviews-text">{item.question}</p>
    </li>
  );
}
