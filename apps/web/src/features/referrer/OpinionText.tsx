import { useId } from 'react';
import { useIntl } from 'react-intl';
import type {
  ConcordanceClassName,
  IndependentAssessment,
  ReferrerOpinionView,
  ReferrerReviewer,
  Specialty,
} from '@app/contracts';
import { dateTime, isolate } from './format';
import { langAttribute, type MessageId } from './locale';
import { useText } from './ReferrerIntl';

/**
 * The latest version's opinion, to read on the page (its PDFs stay the formal documents). The
 * labels speak the reader's language; the clinical text is shown as the reviewers wrote it, in a
 * language the page does not know, so it is marked `lang=""` (unknown) rather than inheriting the
 * reader's. The patient summary is written in the patient's language, and marked as such.
 */
export function OpinionText({ view }: { view: ReferrerOpinionView }) {
  const t = useText();
  const intl = useIntl();
  const headingId = useId();
  const { opinion } = view;
  const { arbitration } = opinion;
  return (
    <section className="referrer-card referrer-opinion" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('reading.heading')}</h2>
      <p className="muted small">
        {t('reading.version', {
          version: opinion.version,
          date: dateTime(intl, opinion.issuedAt),
        })}
      </p>
      <p className="muted">{t('reading.intro')}</p>
      {arbitration ? (
        <p className="notice">
          {t('versions.arbitrationOutcome', { outcome: arbitration.outcome })}
        </p>
      ) : null}

      <h3>{t('reading.conclusion')}</h3>
      <Assessment assessment={opinion.conclusion} />

      <h3>{t('reading.concordance')}</h3>
      <div className="referrer-concordance">
        <p className="referrer-concordance-class">
          {t(CONCORDANCE_MESSAGES[opinion.concordance].label)}
        </p>
        <p>{t(CONCORDANCE_MESSAGES[opinion.concordance].explained)}</p>
      </div>

      <h3>{t('reading.reviewers')}</h3>
      <p>{t(REVIEW_MODE_MESSAGES[opinion.reviewMode])}</p>
      <ul className="list-plain referrer-people">
        {opinion.reviewers.map((reviewer, index) => (
          <li key={index}>
            <PersonLines person={reviewer} />
          </li>
        ))}
      </ul>

      {arbitration ? (
        <div className="referrer-opinion-part">
          <h3>{t('versions.arbitration')}</h3>
          <dl className="referrer-fields">
            <dt>{t('reading.arbitration.arbiter')}</dt>
            <dd>
              <PersonLines person={arbitration.arbiter} />
            </dd>
            <dt>{t('reading.arbitration.rationale')}</dt>
            <dd className="referrer-text" lang="" dir="auto">
              {arbitration.rationale}
            </dd>
          </dl>
          <h4>{t('reading.arbitration.assessment')}</h4>
          <Assessment assessment={arbitration.assessment} />
        </div>
      ) : null}

      <h3>{t('reading.patientSummary')}</h3>
      <p className="muted small">{t('reading.patientSummary.intro')}</p>
      <p
        className="referrer-text referrer-patient-summary"
        lang={langAttribute(view.preferredLanguage)}
        dir="auto"
      >
        {opinion.patientSummary}
      </p>
    </section>
  );
}

/** The assessment's fields, labelled in the reader's language, their text as written. */
function Assessment({ assessment }: { assessment: IndependentAssessment }) {
  const t = useText();
  return (
    <dl className="referrer-fields">
      <Field label={t('assessment.diagnosis')} text={assessment.diagnosis} />
      {assessment.stage ? (
        <Field label={t('assessment.stage')} text={assessment.stage} />
      ) : (
        <>
          <dt>{t('assessment.stage')}</dt>
          <dd className="muted">{t('assessment.stageNone')}</dd>
        </>
      )}
      <Field label={t('assessment.recommendation')} text={assessment.recommendation} />
      <dt>{t('assessment.alternatives')}</dt>
      {assessment.alternatives.length > 0 ? (
        <dd lang="">
          <ul className="referrer-alternatives">
            {assessment.alternatives.map((alternative, index) => (
              <li key={index} className="referrer-text" dir="auto">
                {alternative}
              </li>
            ))}
          </ul>
        </dd>
      ) : (
        <dd className="muted">{t('assessment.alternativesNone')}</dd>
      )}
      <Field label={t('assessment.risks')} text={assessment.risks} />
      <Field label={t('assessment.pros')} text={assessment.pros} />
      <Field label={t('assessment.cons')} text={assessment.cons} />
    </dl>
  );
}

function Field({ label, text }: { label: string; text: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd className="referrer-text" lang="" dir="auto">
        {text}
      </dd>
    </>
  );
}

/** A reviewer's name, then their specialty (in the reader's language) and institution. */
function PersonLines({ person }: { person: ReferrerReviewer }) {
  const t = useText();
  const specialty = SPECIALTY_MESSAGES[person.specialty];
  return (
    <>
      <span className="referrer-person-name">
        <bdi>{person.displayName}</bdi>
      </span>
      <span className="muted small referrer-person-role">
        {t('reading.reviewer', {
          specialty: specialty ? t(specialty) : isolate(person.specialty),
          institution: isolate(person.institution),
        })}
      </span>
    </>
  );
}

const CONCORDANCE_MESSAGES: Readonly<
  Record<ConcordanceClassName, { label: MessageId; explained: MessageId }>
> = {
  confirmed: { label: 'concordance.confirmed', explained: 'concordance.confirmed.explained' },
  clarified: { label: 'concordance.clarified', explained: 'concordance.clarified.explained' },
  treatment_changed: {
    label: 'concordance.treatment_changed',
    explained: 'concordance.treatment_changed.explained',
  },
  diagnosis_changed: {
    label: 'concordance.diagnosis_changed',
    explained: 'concordance.diagnosis_changed.explained',
  },
};

const REVIEW_MODE_MESSAGES: Readonly<
  Record<ReferrerOpinionView['opinion']['reviewMode'], MessageId>
> = {
  specialist: 'reading.reviewMode.specialist',
  panel: 'reading.reviewMode.panel',
};

/** The server's specialties in the reader's language; one this page does not know is shown as sent. */
const SPECIALTY_MESSAGES: Readonly<Record<string, MessageId>> = {
  medical_oncology: 'specialty.medical_oncology',
  radiation_oncology: 'specialty.radiation_oncology',
  surgical_oncology: 'specialty.surgical_oncology',
  pathology: 'specialty.pathology',
  radiology: 'specialty.radiology',
  nuclear_medicine: 'specialty.nuclear_medicine',
  genetics: 'specialty.genetics',
  palliative_care: 'specialty.palliative_care',
  oncology_nursing: 'specialty.oncology_nursing',
  pharmacy: 'specialty.pharmacy',
  other: 'specialty.other',
} satisfies Record<`${Specialty}`, MessageId>;
