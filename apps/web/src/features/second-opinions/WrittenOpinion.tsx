import { useState } from 'react';
import { errorMessage, fieldProblem } from '../../api/errors';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { FormError, SubmitForm, TextArea } from '../../ui/fields';
import { Badge, Card } from '../../ui/Page';
import { QueryView } from '../../ui/states';
import { dateTimeInZone } from '../../ui/time';
import { specialtyLabel } from '../../ui/words';
import { ReferrerLinkOnce, SUMMARY_LIMITS } from './Delivery';
import { languageName } from './places';
import {
  useCorrectOpinion,
  useDownloadOpinionPdf,
  useReplaceReferrerLink,
  useVersionsQuery,
  type OpinionDocument,
  type ReferrerLinkView,
  type SecondOpinionView,
  type WrittenOpinionView,
} from './queries';
import { CONCORDANCE_LABELS } from './words';
import { saveFile } from '../../api/download';

const DOCUMENT_NAMES: Record<OpinionDocument, string> = {
  'clinical-report': 'clinical report',
  'patient-summary': 'patient summary',
};

/**
 * The delivered opinion: its latest version at a glance, every version with its two PDFs, the
 * referrer's link (shown once, replaced on request) and corrections of the patient summary.
 */
export function WrittenOpinion({
  request,
  timezone,
  link,
  onLink,
  readOnly,
}: {
  request: SecondOpinionView;
  timezone: string;
  /** The referrer's link to show this once (just delivered or replaced), or null. */
  link: ReferrerLinkView | null;
  onLink: (link: ReferrerLinkView | null) => void;
  readOnly: boolean;
}) {
  const versions = useVersionsQuery(request.id, true);
  const [replacing, setReplacing] = useState(false);
  const [correcting, setCorrecting] = useState<WrittenOpinionView | null>(null);
  return (
    <Card title="Written opinion">
      <QueryView query={versions} loadingLabel="Loading the written opinion…">
        {(list) => {
          const latest = list.at(-1);
          if (!latest) return <p className="muted">No version has been issued.</p>;
          const { content } = latest;
          const concordance = CONCORDANCE_LABELS[content.concordance.classification];
          return (
            <div className="stack">
              {link ? (
                <ReferrerLinkOnce link={link} timezone={timezone} onDone={() => onLink(null)} />
              ) : null}
              <dl className="kv">
                <dt>Latest version</dt>
                <dd>
                  {latest.version}, issued {dateTimeInZone(latest.issuedAt, timezone)}
                </dd>
                <dt>Concordance</dt>
                <dd>
                  <Badge tone={concordance.tone}>{concordance.label}</Badge>
                  {content.concordance.rationale ? ` ${content.concordance.rationale}` : ''}
                </dd>
                <dt>Diagnosis</dt>
                <dd>
                  {content.conclusion.diagnosis}
                  {content.conclusion.stage ? ` (${content.conclusion.stage})` : ''}
                </dd>
                <dt>Recommendation</dt>
                <dd>{content.conclusion.recommendation}</dd>
                <dt>{content.reviewMode === 'panel' ? 'Panel' : 'Reviewer'}</dt>
                <dd>
                  {content.reviewers
                    .map(
                      (reviewer) =>
                        `${reviewer.displayName} (${specialtyLabel(reviewer.specialty)}, ${reviewer.institution})`,
                    )
                    .join('; ')}
                </dd>
                <dt>Patient summary</dt>
                <dd lang={request.preferredLanguage} className="so-prewrap">
                  {content.patientSummary}
                </dd>
              </dl>
              <VersionTable request={request} versions={list} timezone={timezone} />
              {readOnly ? null : (
                <div className="row">
                  <Button onPress={() => setCorrecting(latest)}>Correct the patient summary</Button>
                  <Button onPress={() => setReplacing(true)}>Replace the referrer’s link</Button>
                </div>
              )}
            </div>
          );
        }}
      </QueryView>
      {replacing ? (
        <ReplaceLinkDialog
          request={request}
          onClose={() => setReplacing(false)}
          onReplaced={(fresh) => {
            setReplacing(false);
            onLink(fresh);
          }}
        />
      ) : null}
      {correcting ? (
        <CorrectionDialog
          request={request}
          latest={correcting}
          onClose={() => setCorrecting(null)}
        />
      ) : null}
    </Card>
  );
}

function VersionTable({
  request,
  versions,
  timezone,
}: {
  request: SecondOpinionView;
  versions: readonly WrittenOpinionView[];
  timezone: string;
}) {
  const download = useDownloadOpinionPdf(request.id);
  const [problem, setProblem] = useState<string | null>(null);
  const save = async (document: OpinionDocument, version: number) => {
    setProblem(null);
    try {
      const blob = await download.mutateAsync({ document, version });
      const name = document === 'clinical-report' ? 'second-opinion' : 'patient-summary';
      saveFile(blob, `${name}-${request.patient.reference}-v${version}.pdf`);
    } catch (error) {
      setProblem(
        `The ${DOCUMENT_NAMES[document]} of version ${version} could not be downloaded. ${errorMessage(error)}`,
      );
    }
  };
  const pending = (document: OpinionDocument, version: number) =>
    download.isPending &&
    download.variables?.document === document &&
    download.variables.version === version;
  return (
    <>
      <div className="table-wrap">
        <table className="table row-headed">
          <caption>Versions</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Issued</th>
              <th scope="col">Why</th>
              <th scope="col">Documents</th>
            </tr>
          </thead>
          <tbody>
            {[...versions].reverse().map((version) => (
              <tr key={version.version}>
                <th scope="row">{version.version}</th>
                <td>{dateTimeInZone(version.issuedAt, timezone)}</td>
                <td>{version.revisionReason ?? 'Delivered'}</td>
                <td>
                  <div className="row">
                    {(['clinical-report', 'patient-summary'] as const).map((document) => (
                      <Button
                        key={document}
                        size="small"
                        onPress={() => void save(document, version.version)}
                        isPending={pending(document, version.version)}
                        aria-label={`Download the ${DOCUMENT_NAMES[document]}, version ${version.version}`}
                      >
                        {document === 'clinical-report' ? 'Clinical report' : 'Patient summary'}{' '}
                        (PDF)
                      </Button>
                    ))}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <FormError message={problem} />
    </>
  );
}

function ReplaceLinkDialog({
  request,
  onClose,
  onReplaced,
}: {
  request: SecondOpinionView;
  onClose: () => void;
  onReplaced: (link: ReferrerLinkView) => void;
}) {
  const replace = useReplaceReferrerLink(request.id, request.boardId);
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <Dialog
      title="Replace the referrer’s link?"
      role="alertdialog"
      isOpen
      onOpenChange={(open) => {
        if (!open && !replace.isPending) onClose();
      }}
    >
      <div className="stack">
        <p>
          A new link is made and shown to you once. Every earlier link stops working at once: do
          this when the referrer lost theirs, or it went to the wrong person.
        </p>
        <FormError message={problem} />
        <div className="dialog-actions">
          <Button slot="close" isDisabled={replace.isPending}>
            Keep the current link
          </Button>
          <Button
            variant="danger"
            isPending={replace.isPending}
            onPress={async () => {
              setProblem(null);
              try {
                onReplaced(await replace.mutateAsync(undefined));
              } catch (error) {
                setProblem(errorMessage(error));
              }
            }}
          >
            Replace the link
          </Button>
        </div>
      </div>
    </Dialog>
  );
}

function CorrectionDialog({
  request,
  latest,
  onClose,
}: {
  request: SecondOpinionView;
  latest: WrittenOpinionView;
  onClose: () => void;
}) {
  const correct = useCorrectOpinion(request.id, request.boardId);
  const [reason, setReason] = useState('');
  const [summary, setSummary] = useState(latest.content.patientSummary);
  const [problems, setProblems] = useState<{ reason?: string; summary?: string }>({});
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async () => {
    const local = {
      ...(reason.trim().length < 3 || reason.trim().length > 1000
        ? { reason: 'Say why, in 3 to 1,000 characters.' }
        : {}),
      ...(summary.trim().length < SUMMARY_LIMITS[0] || summary.trim().length > SUMMARY_LIMITS[1]
        ? { summary: `The patient summary: ${SUMMARY_LIMITS[0]} to 8,000 characters.` }
        : {}),
    };
    setProblems(local);
    setProblem(null);
    if (Object.keys(local).length > 0) return;
    try {
      await correct.mutateAsync({ reason: reason.trim(), patientSummary: summary.trim() });
      onClose();
    } catch (error) {
      const reasonProblem = fieldProblem(error, 'reason');
      const summaryProblem = fieldProblem(error, 'patientSummary');
      setProblems({ reason: reasonProblem, summary: summaryProblem });
      if (!reasonProblem && !summaryProblem) setProblem(errorMessage(error));
    }
  };
  return (
    <Dialog
      title="Correct the patient summary"
      isOpen
      size="wide"
      onOpenChange={(open) => {
        if (!open && !correct.isPending) onClose();
      }}
    >
      <SubmitForm onSubmit={submit}>
        <p>
          The correction is issued as version {latest.version + 1}, with its reason; the referrer
          sees every version.
        </p>
        <TextArea
          label="Reason for the correction"
          rows={2}
          value={reason}
          onChange={setReason}
          maxLength={1000}
          errorMessage={problems.reason}
          isRequired
        />
        <TextArea
          label="Corrected patient summary"
          rows={8}
          value={summary}
          onChange={setSummary}
          maxLength={SUMMARY_LIMITS[1]}
          errorMessage={problems.summary}
          description={`In plain words, in ${languageName(request.preferredLanguage)}.`}
          isRequired
        />
        <FormError message={problem} />
        <div className="dialog-actions">
          <Button slot="close" isDisabled={correct.isPending}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" isPending={correct.isPending}>
            Issue the correction
          </Button>
        </div>
      </SubmitForm>
    </Dialog>
  );
}
