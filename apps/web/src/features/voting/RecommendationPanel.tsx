import { useEffect, useState } from 'react';
import { Disclosure, DisclosurePanel, Heading } from 'react-aria-components';
import { useLocation, useNavigate } from 'react-router';
import type { ActorLike } from '@app/contracts';
import { boardActor, useBoardQuery } from '../../api/board-queries';
import type { TokenSource } from '../../api/client';
import { useMe } from '../../api/context';
import { ApiError, asSentence, errorMessage } from '../../api/errors';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { FormError, SubmitForm } from '../../ui/fields';
import { Badge, Card } from '../../ui/Page';
import { ReasonDialog, reasonRefusal } from '../../ui/ReasonDialog';
import { QueryView } from '../../ui/states';
import { dateTimeInZone } from '../../ui/time';
import { specialtyLabel } from '../../ui/words';
import { ObjectUrls, fetchFile, openInNewTab, saveAs } from './downloads';
import { mayPropose, mayPublish, maySign } from './permissions';
import { ProposalFacts } from './Proposal';
import {
  latestRecommendation,
  useAmendRecommendation,
  useCaseRecommendationsQuery,
  useEditRecommendation,
  usePublishRecommendation,
  useVoteQuery,
  type RecommendationView,
} from './queries';
import {
  RecommendationFields,
  contentBody,
  contentValues,
  showRefusal,
  useContentForm,
} from './RecommendationFields';
import { STEP_UP_PARAM, stepUpReturn, withoutStepUp } from './reauthentication';
import { SignDialog } from './SignDialog';
import { SpecialtyTable, TallyBars, TallySummary } from './Tally';
import { DECIDED_BY_WORDS, RECOMMENDATION_STATUS, shortHash } from './words';
import './voting.css';

export interface RecommendationPanelProps {
  caseId: string;
  boardId: string;
  /** Authorises the PDF and FHIR downloads, which the typed client does not fetch. */
  tokens: TokenSource;
  /** Sends the browser to the identity provider to confirm a signature (a full navigation). */
  leave?: (url: string) => void;
}

const leaveForProvider = (url: string) => window.location.assign(url);

/**
 * The board's recommendation for a case, from draft to published: the decision as the panel
 * made it (frozen), the rationale, guideline references and trial referrals the drafters
 * complete, the chair's signature and the coordinator's publication, then the PDF report and
 * the FHIR bundle.
 */
export function RecommendationPanel({
  caseId,
  boardId,
  tokens,
  leave = leaveForProvider,
}: RecommendationPanelProps) {
  const board = useBoardQuery(boardId);
  const recommendations = useCaseRecommendationsQuery(caseId);
  const me = useMe();
  return (
    <Card title="Recommendation" className="recommendation-panel">
      <QueryView query={board} loadingLabel="Loading the board…">
        {(loaded) => (
          <QueryView query={recommendations} loadingLabel="Loading the recommendation…">
            {(list) => {
              const latest = latestRecommendation(list);
              return latest ? (
                <Recommendation
                  key={latest.id}
                  recommendation={latest}
                  actor={boardActor(me, loaded.myRole)}
                  timezone={loaded.timezone}
                  tokens={tokens}
                  leave={leave}
                  reload={() => void recommendations.refetch()}
                />
              ) : (
                <p className="muted">
                  No recommendation yet. It is drafted from a vote that reached consensus.
                </p>
              );
            }}
          </QueryView>
        )}
      </QueryView>
    </Card>
  );
}

function Recommendation({
  recommendation,
  actor,
  timezone,
  tokens,
  leave,
  reload,
}: {
  recommendation: RecommendationView;
  actor: ActorLike;
  timezone: string;
  tokens: TokenSource;
  leave: (url: string) => void;
  reload: () => void;
}) {
  const { content, status } = recommendation;
  const statusWords = RECOMMENDATION_STATUS[status];
  const form = useContentForm(content);
  const edit = useEditRecommendation(recommendation.caseId);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const location = useLocation();
  const navigate = useNavigate();
  // Back from confirming at the identity provider: the sign dialog takes it up (once: the
  // outcome leaves the address at once).
  const [returned, setReturned] = useState(() =>
    status === 'draft' && maySign(actor) ? stepUpReturn(location.search, recommendation.id) : null,
  );
  const [dialog, setDialog] = useState<'sign' | 'publish' | 'amend' | null>(
    returned ? 'sign' : null,
  );
  useEffect(() => {
    if (returned && new URLSearchParams(location.search).has(STEP_UP_PARAM))
      void navigate(
        { pathname: location.pathname, search: withoutStepUp(location.search) },
        { replace: true },
      );
  }, [returned, location.pathname, location.search, navigate]);
  const editable = status === 'draft' && mayPropose(actor);
  const unsaved = editable && form.formState.isDirty;

  // What someone else saved shows at once, unless the user is editing.
  useEffect(() => {
    if (!form.formState.isDirty) form.reset(contentValues(content));
  }, [content, form]);

  const save = form.handleSubmit(async (values) => {
    setProblem(null);
    setSaved(false);
    try {
      const updated = await edit.mutateAsync({ id: recommendation.id, body: contentBody(values) });
      form.reset(contentValues(updated.content));
      setSaved(true);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        setProblem(
          `Your changes were not saved. ${asSentence(error.message)} The latest version has been loaded.`,
        );
        reload();
      } else {
        setProblem(showRefusal(form, error));
      }
    }
  });

  return (
    <div className="stack">
      <div className="recommendation-heading">
        <Badge tone={statusWords.tone}>{statusWords.label}</Badge>
        <span className="muted small">
          Version {recommendation.version} · drafted{' '}
          {dateTimeInZone(recommendation.createdAt, timezone)}
        </span>
      </div>
      <p className="muted small">{statusWords.explanation}</p>
      {recommendation.amendmentReason ? (
        <p className="notice">
          <strong>Amends version {recommendation.version - 1}:</strong>{' '}
          {recommendation.amendmentReason}
        </p>
      ) : null}

      <section className="stack" aria-labelledby={`${recommendation.id}-decision`}>
        <h3 id={`${recommendation.id}-decision`}>The board recommends</h3>
        <div className="recommendation-decision">
          <p className="recommendation-text">{content.recommendation.text}</p>
          <ProposalFacts proposal={content.recommendation} />
        </div>
        <p className="muted small">
          As the panel voted it: the recommendation itself is not edited here; a new vote changes
          it.
        </p>
        {recommendation.decision ? (
          <Decision
            decision={recommendation.decision}
            voteId={recommendation.voteId}
            caseId={recommendation.caseId}
            timezone={timezone}
          />
        ) : null}
      </section>

      {editable ? (
        <SubmitForm onSubmit={save} aria-label="Edit the recommendation">
          <RecommendationFields form={form} />
          {saved && !unsaved ? (
            <p className="notice notice-success" role="status">
              Saved.
            </p>
          ) : null}
          <FormError message={problem} />
          <div className="row">
            <Button type="submit" variant="primary" isPending={edit.isPending}>
              Save the draft
            </Button>
            {unsaved ? (
              <Button variant="quiet" onPress={() => form.reset()}>
                Discard changes
              </Button>
            ) : null}
          </div>
        </SubmitForm>
      ) : (
        <>
          <FormError message={problem} />
          <Content recommendation={recommendation} />
        </>
      )}

      {recommendation.signature ? (
        <dl className="kv signature">
          <dt>Signed by</dt>
          <dd>{recommendation.signature.signerName}</dd>
          <dt>Signed</dt>
          <dd>{dateTimeInZone(recommendation.signature.signedAt, timezone)}</dd>
          <dt>Content hash</dt>
          <dd>
            <code title={recommendation.signature.contentHash}>
              {shortHash(recommendation.signature.contentHash)}
            </code>
          </dd>
          {recommendation.publishedAt ? (
            <>
              <dt>Published</dt>
              <dd>{dateTimeInZone(recommendation.publishedAt, timezone)}</dd>
            </>
          ) : null}
        </dl>
      ) : null}

      <div className="row recommendation-actions">
        {status === 'draft' && maySign(actor) ? (
          <Button variant="primary" isDisabled={unsaved} onPress={() => setDialog('sign')}>
            Sign…
          </Button>
        ) : null}
        {status === 'signed' && mayPublish(actor) ? (
          <Button variant="primary" onPress={() => setDialog('publish')}>
            Publish…
          </Button>
        ) : null}
        {status !== 'draft' && mayPropose(actor) ? (
          <Button onPress={() => setDialog('amend')}>Amend…</Button>
        ) : null}
      </div>
      {unsaved && maySign(actor) ? (
        <p className="muted small">Save or discard your changes before signing.</p>
      ) : null}
      {status === 'published' ? <Reports recommendation={recommendation} tokens={tokens} /> : null}

      {dialog === 'sign' ? (
        <SignDialog
          recommendation={recommendation}
          returned={returned}
          leave={leave}
          onClose={() => {
            setDialog(null);
            setReturned(null);
          }}
        />
      ) : null}
      {dialog === 'publish' ? (
        <PublishDialog recommendation={recommendation} onClose={() => setDialog(null)} />
      ) : null}
      {dialog === 'amend' ? (
        <AmendDialog recommendation={recommendation} onClose={() => setDialog(null)} />
      ) : null}
    </div>
  );
}

/** How the panel decided, as frozen in the recommendation when it was drafted. */
function Decision({
  decision,
  voteId,
  caseId,
  timezone,
}: {
  decision: NonNullable<RecommendationView['decision']>;
  voteId: string | null;
  caseId: string;
  timezone: string;
}) {
  // The vote names the options the tally counts.
  const vote = useVoteQuery(voteId ?? '', caseId, voteId !== null);
  return (
    <Disclosure>
      <Heading level={4} className="decision-heading">
        <Button slot="trigger" size="small" variant="quiet">
          {DECIDED_BY_WORDS[decision.decidedBy]}: the tally and minority opinions
        </Button>
      </Heading>
      <DisclosurePanel>
        <div className="stack">
          {vote.data ? (
            <>
              <TallyBars options={vote.data.options} tally={decision.tally} outcome={null} />
              <SpecialtyTable options={vote.data.options} tally={decision.tally} />
            </>
          ) : (
            <TallySummary tally={decision.tally} />
          )}
          <h4>Minority opinions</h4>
          {decision.minorityOpinions.length === 0 ? (
            <p className="muted small">None was recorded before the recommendation was drafted.</p>
          ) : (
            <ul className="list-plain list-rows">
              {decision.minorityOpinions.map((opinion) => (
                <li key={opinion.userId}>
                  <strong>{opinion.displayName}</strong>{' '}
                  <span className="muted small">
                    {specialtyLabel(opinion.specialty)} ·{' '}
                    {dateTimeInZone(opinion.recordedAt, timezone)}
                  </span>
                  <p className="voting-text">{opinion.text}</p>
                </li>
              ))}
            </ul>
          )}
        </div>
      </DisclosurePanel>
    </Disclosure>
  );
}

/** The written part of a recommendation, read only. */
function Content({ recommendation }: { recommendation: RecommendationView }) {
  const { rationale, guidelineReferences, trialReferrals } = recommendation.content;
  return (
    <div className="stack">
      <section>
        <h4>Rationale</h4>
        <p className="voting-text">{rationale}</p>
      </section>
      <section>
        <h4>Guideline references</h4>
        {guidelineReferences.length === 0 ? (
          <p className="muted small">No guideline cited.</p>
        ) : (
          <ul className="list-plain">
            {guidelineReferences.map((reference, index) => (
              <li key={index}>
                {reference.citation}{' '}
                <Badge tone="neutral">Evidence {reference.evidenceCategory}</Badge>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section>
        <h4>Clinical trial referrals</h4>
        {trialReferrals.length === 0 ? (
          <p className="muted small">No trial referral.</p>
        ) : (
          <ul className="list-plain">
            {trialReferrals.map((trial) => (
              <li key={trial.nctId}>
                <code>{trial.nctId}</code>
                {trial.title ? ` ${trial.title}` : ''}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function PublishDialog({
  recommendation,
  onClose,
}: {
  recommendation: RecommendationView;
  onClose: () => void;
}) {
  const publish = usePublishRecommendation(recommendation.caseId);
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <Dialog
      title="Publish the recommendation"
      isOpen
      onOpenChange={(open) => {
        if (!open && !publish.isPending) onClose();
      }}
    >
      <div className="stack">
        <p>
          Version {recommendation.version}, signed by {recommendation.signature?.signerName},
          becomes the decision of record: the PDF report and the FHIR bundle are generated and sent
          to the connected systems. It cannot change afterwards, only be amended.
        </p>
        <FormError message={problem} />
        <div className="dialog-actions">
          <Button slot="close" isDisabled={publish.isPending}>
            Cancel
          </Button>
          <Button
            variant="primary"
            isPending={publish.isPending}
            onPress={async () => {
              setProblem(null);
              try {
                await publish.mutateAsync(recommendation.id);
                onClose();
              } catch (error) {
                setProblem(asSentence(errorMessage(error)));
              }
            }}
          >
            Publish
          </Button>
        </div>
      </div>
    </Dialog>
  );
}

function AmendDialog({
  recommendation,
  onClose,
}: {
  recommendation: RecommendationView;
  onClose: () => void;
}) {
  const amend = useAmendRecommendation(recommendation.caseId);
  return (
    <ReasonDialog
      title="Amend the recommendation"
      keepLabel="Cancel"
      onClose={onClose}
      minLength={3}
      maxLength={1000}
      lengthMessage="Give the reason in 3 to 1,000 characters."
      confirmLabel="Start the amendment"
      isPending={amend.isPending}
      {...reasonRefusal(amend.error, 'reason')}
      onSubmit={async (reason) => {
        await amend.mutateAsync({ id: recommendation.id, reason });
        onClose();
      }}
    >
      <p>
        Version {recommendation.version} stays as it was. A new draft starts from it, to be edited,
        signed and published again; the reason is kept with it.
      </p>
    </ReasonDialog>
  );
}

/** The published report: the PDF opens in a new tab, the FHIR bundle downloads. */
function Reports({
  recommendation,
  tokens,
}: {
  recommendation: RecommendationView;
  tokens: TokenSource;
}) {
  const [urls] = useState(() => new ObjectUrls());
  useEffect(() => () => urls.revokeAll(), [urls]);
  const [pending, setPending] = useState<'pdf' | 'fhir' | null>(null);
  const [blockedPdf, setBlockedPdf] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const base = `/api/v1/recommendations/${recommendation.id}`;
  const name = `recommendation-${recommendation.id}-v${recommendation.version}`;

  const run = async (which: 'pdf' | 'fhir') => {
    setPending(which);
    setProblem(null);
    try {
      if (which === 'pdf') {
        const url = urls.create(await fetchFile(tokens, `${base}/pdf`, 'application/pdf'));
        setBlockedPdf(openInNewTab(url) ? null : url);
      } else {
        const url = urls.create(await fetchFile(tokens, `${base}/fhir`, 'application/fhir+json'));
        saveAs(url, `${name}-fhir.json`);
      }
    } catch (error) {
      setProblem(asSentence(errorMessage(error)));
    } finally {
      setPending(null);
    }
  };

  return (
    <div className="stack">
      <div className="row">
        <Button isPending={pending === 'pdf'} onPress={() => void run('pdf')}>
          Open PDF
        </Button>
        <Button isPending={pending === 'fhir'} onPress={() => void run('fhir')}>
          Download FHIR bundle
        </Button>
      </div>
      {blockedPdf ? (
        <p className="notice notice-warning" role="status">
          Your browser blocked the new tab.{' '}
          <a href={blockedPdf} target="_blank" rel="noopener">
            Open the PDF report
          </a>
        </p>
      ) : null}
      <FormError message={problem} />
    </div>
  );
}
