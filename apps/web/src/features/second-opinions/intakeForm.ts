import type { FieldPath } from 'react-hook-form';
import { ApiError, asSentence, errorMessage, fieldWords } from '../../api/errors';
import type { IntakeBody } from './queries';
import type { ConsentScope } from './words';

/**
 * The intake form's values, as the inputs hold them ('' or null for nothing), shaped like the
 * server's ReferralIntakeDto so that a field it names ("patient.reference") is the form's own.
 */
export interface IntakeValues {
  type: IntakeBody['type'] | '';
  priority: IntakeBody['priority'];
  patient: { reference: string; birthYear: number | null; sex: IntakeBody['patient']['sex'] | '' };
  preferredLanguage: string;
  country: string;
  timezone: string;
  question: string;
  referrer: { name: string; institution: string; email: string };
  firstOpinion: {
    diagnosis: string;
    stage: string;
    proposedTreatment: string;
    institution: string;
    physician: string;
  };
  consent: {
    grantedBy: IntakeBody['consent']['grantedBy'] | '';
    /** As a datetime-local input holds it, in the coordinator's own zone. */
    grantedAt: string;
    scope: ConsentScope[];
  };
  payer: { payer: string; coverageVerified: boolean; authorizationNumber: string };
  followUpQuestions: number | null;
}

export function emptyIntake(): IntakeValues {
  return {
    type: '',
    priority: 'routine',
    patient: { reference: '', birthYear: null, sex: '' },
    preferredLanguage: '',
    country: '',
    timezone: '',
    question: '',
    referrer: { name: '', institution: '', email: '' },
    firstOpinion: {
      diagnosis: '',
      stage: '',
      proposedTreatment: '',
      institution: '',
      physician: '',
    },
    consent: { grantedBy: '', grantedAt: '', scope: [] },
    payer: { payer: '', coverageVerified: false, authorizationNumber: '' },
    followUpQuestions: null,
  };
}

/** The server's limits (ReferralIntakeDto and its parts). */
export const LIMITS = {
  question: [5, 4000],
  referrerName: [2, 200],
  referrerInstitution: [2, 300],
  diagnosis: [2, 2000],
  stage: [1, 200],
  proposedTreatment: [2, 4000],
  firstInstitution: [2, 300],
  physician: [2, 200],
  payer: [2, 200],
  authorizationNumber: [1, 100],
  followUpQuestions: [0, 20],
} as const;

/** The server's pseudonym rule: never a name or a medical record number. */
export const PSEUDONYM = /^[A-Za-z0-9][A-Za-z0-9_.-]{1,39}$/;

/** An address with one @, something before it and a dotted domain after it. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** How far ahead of this computer's clock a consent time may be (the server tolerates 5 minutes). */
const CONSENT_SKEW_MS = 5 * 60_000;

export const EMERGENT_WARNING =
  'This program gives elective second opinions and cannot act in an emergency: the patient must go to emergency care now.';

/** A text field's rule: required (or not), and within the server's length. */
export function textRule(what: string, [min, max]: readonly [number, number], required = true) {
  return (value: string): string | true => {
    const length = value.trim().length;
    if (length === 0) return required ? `${what} is required.` : true;
    if (length < min) return `${what}: at least ${min} characters.`;
    return length <= max || `${what}: at most ${max.toLocaleString('en-GB')} characters.`;
  };
}

export function pseudonymRule(value: string): string | true {
  if (!value.trim()) return 'Enter the pseudonymous patient reference.';
  return (
    PSEUDONYM.test(value.trim()) ||
    'Use 2 to 40 letters, digits, dots, dashes or underscores, starting with a letter or digit. Never a name or a medical record number.'
  );
}

export function birthYearRule(now: Date) {
  return (value: number | null): string | true => {
    if (value === null) return 'Enter the year of birth.';
    const latest = now.getFullYear();
    return (
      (Number.isInteger(value) && value >= 1900 && value <= latest) ||
      `A year between 1900 and ${latest}.`
    );
  };
}

export function emailRule(value: string): string | true {
  if (!value.trim()) return 'The referrer’s email is required.';
  return EMAIL.test(value.trim()) || 'Enter an email address such as m.rossi@hospital.example.';
}

export function consentTimeRule(now: () => Date) {
  return (value: string): string | true => {
    if (!value) return 'Enter when consent was given.';
    const at = new Date(value);
    if (Number.isNaN(at.getTime())) return 'Enter a valid date and time.';
    return (
      at.getTime() <= now().getTime() + CONSENT_SKEW_MS || 'Consent cannot be given in the future.'
    );
  };
}

export function followUpRule(value: number | null): string | true {
  if (value === null) return true;
  const [min, max] = LIMITS.followUpQuestions;
  return (
    (Number.isInteger(value) && value >= min && value <= max) || `A number from ${min} to ${max}.`
  );
}

function optional(value: string): string | undefined {
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** The request as the server takes it; called once every rule above has passed. */
export function intakeBody(values: IntakeValues): IntakeBody {
  const stage = optional(values.firstOpinion.stage);
  const authorizationNumber = optional(values.payer.authorizationNumber);
  return {
    type: values.type as IntakeBody['type'],
    priority: values.priority,
    patient: {
      reference: values.patient.reference.trim(),
      birthYear: values.patient.birthYear as number,
      sex: values.patient.sex as IntakeBody['patient']['sex'],
    },
    preferredLanguage: values.preferredLanguage,
    country: values.country,
    timezone: values.timezone,
    question: values.question.trim(),
    referrer: {
      name: values.referrer.name.trim(),
      institution: values.referrer.institution.trim(),
      email: values.referrer.email.trim(),
    },
    firstOpinion: {
      diagnosis: values.firstOpinion.diagnosis.trim(),
      ...(stage ? { stage } : {}),
      proposedTreatment: values.firstOpinion.proposedTreatment.trim(),
      institution: values.firstOpinion.institution.trim(),
      physician: values.firstOpinion.physician.trim(),
    },
    consent: {
      grantedBy: values.consent.grantedBy as IntakeBody['consent']['grantedBy'],
      grantedAt: new Date(values.consent.grantedAt).toISOString(),
      scope: values.consent.scope,
    },
    payer: {
      payer: values.payer.payer.trim(),
      coverageVerified: values.payer.coverageVerified,
      ...(authorizationNumber ? { authorizationNumber } : {}),
    },
    ...(values.followUpQuestions === null ? {} : { followUpQuestions: values.followUpQuestions }),
  };
}

/** Every field of the form, as the server names it. */
const FORM_FIELDS = new Set<string>([
  'type',
  'priority',
  'patient.reference',
  'patient.birthYear',
  'patient.sex',
  'preferredLanguage',
  'country',
  'timezone',
  'question',
  'referrer.name',
  'referrer.institution',
  'referrer.email',
  'firstOpinion.diagnosis',
  'firstOpinion.stage',
  'firstOpinion.proposedTreatment',
  'firstOpinion.institution',
  'firstOpinion.physician',
  'consent.grantedBy',
  'consent.grantedAt',
  'consent.scope',
  'payer.payer',
  'payer.coverageVerified',
  'payer.authorizationNumber',
  'followUpQuestions',
]);

/**
 * A refusal as the form shows it: each problem with a field under that field (in the form's
 * words), and what is left, in words, for above the buttons (null when every problem has its
 * field). An emergent referral is refused with where the patient must go, under the priority.
 */
export function intakeRefusal(error: unknown): {
  fields: Array<{ field: FieldPath<IntakeValues>; message: string }>;
  rest: string | null;
} {
  if (!(error instanceof ApiError)) return { fields: [], rest: errorMessage(error) };
  if (error.code === 'emergency')
    return { fields: [{ field: 'priority', message: error.message }], rest: null };
  if (error.details.length === 0) return { fields: [], rest: error.message };
  const fields: Array<{ field: FieldPath<IntakeValues>; message: string }> = [];
  const rest: string[] = [];
  for (const detail of error.details) {
    // A complaint about one element of the scope ("consent.scope.0") belongs to the scope.
    const field = detail.field?.replace(/^consent\.scope\.\d+$/, 'consent.scope');
    if (field && FORM_FIELDS.has(field)) {
      fields.push({
        field: field as FieldPath<IntakeValues>,
        message: asSentence(fieldWords(detail.field, detail.message)),
      });
    } else {
      rest.push(asSentence(detail.message));
    }
  }
  return { fields, rest: rest.length > 0 ? rest.join(' ') : null };
}
