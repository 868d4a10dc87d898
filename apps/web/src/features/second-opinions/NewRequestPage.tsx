import { useId, useState } from 'react';
import { Link } from 'react-aria-components';
import { Controller, useForm, type Control } from 'react-hook-form';
import { useNavigate, useParams } from 'react-router';
import { useBoardQuery } from '../../api/board-queries';
import { useMe } from '../../api/context';
import type { BoardView } from '../../api/types';
import { Button, ButtonLink } from '../../ui/Button';
import {
  CheckboxField,
  FormError,
  NumberInput,
  SelectField,
  SubmitForm,
  TextArea,
  TextInput,
} from '../../ui/fields';
import { Card, PageHeader } from '../../ui/Page';
import { AccessProblem, QueryView } from '../../ui/states';
import { TimeZoneField } from '../../ui/TimeZoneField';
import { ChoiceField } from './ChoiceField';
import {
  EMERGENT_WARNING,
  LIMITS,
  birthYearRule,
  consentTimeRule,
  emailRule,
  emptyIntake,
  followUpRule,
  intakeBody,
  intakeRefusal,
  pseudonymRule,
  textRule,
  type IntakeValues,
} from './intakeForm';
import { mayCoordinate } from './permissions';
import { COUNTRY_OPTIONS, LANGUAGE_OPTIONS } from './places';
import { useIntake } from './queries';
import {
  CONSENT_SCOPE_LABELS,
  GRANTED_BY_LABELS,
  INTAKE_PRIORITY_LABELS,
  SEX_LABELS,
  TYPE_LABELS,
  optionsOf,
  type ConsentScope,
} from './words';
import './second-opinions.css';

const TYPE_OPTIONS = optionsOf(TYPE_LABELS);
const PRIORITY_OPTIONS = optionsOf(INTAKE_PRIORITY_LABELS);
const SEX_OPTIONS = optionsOf(SEX_LABELS);
const GRANTED_BY_OPTIONS = optionsOf(GRANTED_BY_LABELS);
const SCOPES = Object.keys(CONSENT_SCOPE_LABELS) as ConsentScope[];

/** A coordinator takes in a referral for a second opinion. */
export function NewRequestPage() {
  const { boardId = '' } = useParams();
  const board = useBoardQuery(boardId);
  return (
    <div className="page">
      <QueryView query={board} loadingLabel="Loading the board…">
        {(view) => <NewRequest board={view} />}
      </QueryView>
    </div>
  );
}

function NewRequest({ board }: { board: BoardView }) {
  const me = useMe();
  const navigate = useNavigate();
  const intake = useIntake(board.id);
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm<IntakeValues>({ defaultValues: emptyIntake(), mode: 'onSubmit' });
  const { control, handleSubmit, setError } = form;

  if (!mayCoordinate(me, board.myRole))
    return (
      <AccessProblem
        status={403}
        message="Only the board's coordinators take in second-opinion requests."
      />
    );

  const submit = handleSubmit(
    async (values) => {
      setProblem(null);
      try {
        const created = await intake.mutateAsync(intakeBody(values));
        void navigate(`/second-opinions/${created.id}`);
      } catch (error) {
        const refusal = intakeRefusal(error);
        for (const { field, message } of refusal.fields)
          setError(field, { type: 'server', message }, { shouldFocus: false });
        setProblem(
          refusal.rest
            ? `The request was not taken in: ${refusal.rest}`
            : 'The request was not taken in: see the messages next to the fields.',
        );
      }
    },
    () => setProblem('Some fields need attention before the request can be taken in.'),
  );

  const back = `/boards/${board.id}/second-opinions`;
  return (
    <>
      <PageHeader
        eyebrow={
          <Link href={back}>
            <span aria-hidden="true">← </span>
            {board.name}
            <span className="visually-hidden">: back to the board's second opinions</span>
          </Link>
        }
        title="New second-opinion request"
        subtitle="The referral as received: a pseudonym for the patient (never a name or a record number), the question, the first opinion, the consent and the payer."
      />
      <Card>
        <SubmitForm onSubmit={submit} aria-label="New second-opinion request">
          <RequestFields control={control} />
          <PatientFields control={control} />
          <ReferrerFields control={control} />
          <FirstOpinionFields control={control} />
          <ConsentFields control={control} />
          <PayerFields control={control} />
          <div className="stack so-form-actions">
            <FormError message={problem} />
            <div className="row">
              <Button type="submit" variant="primary" isPending={intake.isPending}>
                Take in the request
              </Button>
              <ButtonLink href={back}>Cancel</ButtonLink>
            </div>
          </div>
        </SubmitForm>
      </Card>
    </>
  );
}

type Fields = { control: Control<IntakeValues> };

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <fieldset className="so-fieldset">
      <legend>{title}</legend>
      <div className="so-form-grid">{children}</div>
    </fieldset>
  );
}

function RequestFields({ control }: Fields) {
  return (
    <Section title="Request">
      <Controller
        control={control}
        name="type"
        rules={{ validate: (value) => value !== '' || 'Choose the type of review.' }}
        render={({ field, fieldState }) => (
          <SelectField
            label="Type"
            options={TYPE_OPTIONS}
            value={field.value || null}
            onChange={field.onChange}
            errorMessage={fieldState.error?.message}
            isRequired
          />
        )}
      />
      <Controller
        control={control}
        name="priority"
        rules={{ validate: (value) => value !== 'emergent' || EMERGENT_WARNING }}
        render={({ field, fieldState }) => (
          <SelectField
            label="Priority"
            options={PRIORITY_OPTIONS}
            value={field.value}
            onChange={field.onChange}
            errorMessage={
              fieldState.error?.message ??
              (field.value === 'emergent' ? EMERGENT_WARNING : undefined)
            }
            description="Urgent requests have a shorter turnaround target."
            isRequired
          />
        )}
      />
      <Controller
        control={control}
        name="followUpQuestions"
        rules={{ validate: followUpRule }}
        render={({ field, fieldState }) => (
          <NumberInput
            label="Follow-up questions allowed"
            value={field.value}
            onChange={field.onChange}
            minValue={LIMITS.followUpQuestions[0]}
            maxValue={LIMITS.followUpQuestions[1]}
            errorMessage={fieldState.error?.message}
            description="How many questions the referrer may ask after delivery. Leave empty for the program's default."
          />
        )}
      />
      <Controller
        control={control}
        name="question"
        rules={{ validate: textRule('The question', LIMITS.question) }}
        render={({ field, fieldState }) => (
          <TextArea
            label="Question for the second opinion"
            className="so-wide"
            rows={3}
            value={field.value}
            onChange={field.onChange}
            onBlur={field.onBlur}
            maxLength={LIMITS.question[1]}
            errorMessage={fieldState.error?.message}
            description="What the referrer asks, in their words."
            isRequired
          />
        )}
      />
    </Section>
  );
}

function PatientFields({ control }: Fields) {
  return (
    <Section title="Patient">
      <Controller
        control={control}
        name="patient.reference"
        rules={{ validate: pseudonymRule }}
        render={({ field, fieldState }) => (
          <TextInput
            label="Patient reference (pseudonym)"
            value={field.value}
            onChange={field.onChange}
            onBlur={field.onBlur}
            inputRef={field.ref}
            maxLength={40}
            placeholder="SO-PT-0042"
            errorMessage={fieldState.error?.message}
            description="Never a name or a medical record number."
            isRequired
          />
        )}
      />
      <Controller
        control={control}
        name="patient.birthYear"
        rules={{ validate: birthYearRule(new Date()) }}
        render={({ field, fieldState }) => (
          <NumberInput
            label="Year of birth"
            value={field.value}
            onChange={field.onChange}
            errorMessage={fieldState.error?.message}
            isRequired
          />
        )}
      />
      <Controller
        control={control}
        name="patient.sex"
        rules={{ validate: (value) => value !== '' || 'Choose the patient’s sex.' }}
        render={({ field, fieldState }) => (
          <SelectField
            label="Sex"
            options={SEX_OPTIONS}
            value={field.value || null}
            onChange={field.onChange}
            errorMessage={fieldState.error?.message}
            isRequired
          />
        )}
      />
      <Controller
        control={control}
        name="preferredLanguage"
        rules={{ validate: (value) => value !== '' || 'Choose the language the patient reads.' }}
        render={({ field, fieldState }) => (
          <ChoiceField
            label="Preferred language"
            choices={LANGUAGE_OPTIONS}
            value={field.value}
            onChange={field.onChange}
            onBlur={field.onBlur}
            errorMessage={fieldState.error?.message}
            description="The patient summary is written in it. Type to search."
            isRequired
          />
        )}
      />
      <Controller
        control={control}
        name="country"
        rules={{ validate: (value) => value !== '' || 'Choose the country the patient lives in.' }}
        render={({ field, fieldState }) => (
          <ChoiceField
            label="Country"
            choices={COUNTRY_OPTIONS}
            value={field.value}
            onChange={field.onChange}
            onBlur={field.onBlur}
            errorMessage={fieldState.error?.message}
            description="Where the patient lives. Type to search."
            isRequired
          />
        )}
      />
      <Controller
        control={control}
        name="timezone"
        rules={{ validate: (value) => value !== '' || 'Choose the patient’s time zone.' }}
        render={({ field, fieldState }) => (
          <TimeZoneField
            value={field.value}
            onChange={field.onChange}
            errorMessage={fieldState.error?.message}
            description="The consultation invitation gives its time in this zone."
          />
        )}
      />
    </Section>
  );
}

function ReferrerFields({ control }: Fields) {
  return (
    <Section title="Referrer">
      <Controller
        control={control}
        name="referrer.name"
        rules={{ validate: textRule('The referrer’s name', LIMITS.referrerName) }}
        render={({ field, fieldState }) => (
          <TextInput
            label="Referring physician"
            value={field.value}
            onChange={field.onChange}
            onBlur={field.onBlur}
            inputRef={field.ref}
            maxLength={LIMITS.referrerName[1]}
            placeholder="Dr M. Rossi"
            errorMessage={fieldState.error?.message}
            isRequired
          />
        )}
      />
      <Controller
        control={control}
        name="referrer.institution"
        rules={{ validate: textRule('The referrer’s institution', LIMITS.referrerInstitution) }}
        render={({ field, fieldState }) => (
          <TextInput
            label="Referrer's institution"
            value={field.value}
            onChange={field.onChange}
            onBlur={field.onBlur}
            inputRef={field.ref}
            maxLength={LIMITS.referrerInstitution[1]}
            errorMessage={fieldState.error?.message}
            isRequired
          />
        )}
      />
      <Controller
        control={control}
        name="referrer.email"
        rules={{ validate: emailRule }}
        render={({ field, fieldState }) => (
          <TextInput
            label="Referrer's email"
            type="email"
            value={field.value}
            onChange={field.onChange}
            onBlur={field.onBlur}
            inputRef={field.ref}
            errorMessage={fieldState.error?.message}
            description="Where the upload links and the opinion's link are sent."
            isRequired
          />
        )}
      />
    </Section>
  );
}

function FirstOpinionFields({ control }: Fields) {
  return (
    <Section title="First opinion">
      <p className="muted small so-wide">
        Shown to coordinators only: reviewers see it after submitting their own assessment.
      </p>
      <Controller
        control={control}
        name="firstOpinion.diagnosis"
        rules={{ validate: textRule('The diagnosis', LIMITS.diagnosis) }}
        render={({ field, fieldState }) => (
          <TextArea
            label="Diagnosis"
            rows={2}
            value={field.value}
            onChange={field.onChange}
            onBlur={field.onBlur}
            maxLength={LIMITS.diagnosis[1]}
            errorMessage={fieldState.error?.message}
            isRequired
          />
        )}
      />
      <Controller
        control={control}
        name="firstOpinion.stage"
        rules={{ validate: textRule('The stage', LIMITS.stage, false) }}
        render={({ field, fieldState }) => (
          <TextInput
            label="Stage"
            value={field.value}
            onChange={field.onChange}
            onBlur={field.onBlur}
            inputRef={field.ref}
            maxLength={LIMITS.stage[1]}
            placeholder="cT2aN2M0, stage IIIA (AJCC 8)"
            errorMessage={fieldState.error?.message}
          />
        )}
      />
      <Controller
        control={control}
        name="firstOpinion.proposedTreatment"
        rules={{ validate: textRule('The proposed treatment', LIMITS.proposedTreatment) }}
        render={({ field, fieldState }) => (
          <TextArea
            label="Proposed treatment"
            className="so-wide"
            rows={3}
            value={field.value}
            onChange={field.onChange}
            onBlur={field.onBlur}
            maxLength={LIMITS.proposedTreatment[1]}
            errorMessage={fieldState.error?.message}
            isRequired
          />
        )}
      />
      <Controller
        control={control}
        name="firstOpinion.institution"
        rules={{ validate: textRule('The first opinion’s institution', LIMITS.firstInstitution) }}
        render={({ field, fieldState }) => (
          <TextInput
            label="Institution of the first opinion"
            value={field.value}
            onChange={field.onChange}
            onBlur={field.onBlur}
            inputRef={field.ref}
            maxLength={LIMITS.firstInstitution[1]}
            errorMessage={fieldState.error?.message}
            description="Reviewers from this institution cannot be assigned."
            isRequired
          />
        )}
      />
      <Controller
        control={control}
        name="firstOpinion.physician"
        rules={{ validate: textRule('The physician', LIMITS.physician) }}
        render={({ field, fieldState }) => (
          <TextInput
            label="Physician of the first opinion"
            value={field.value}
            onChange={field.onChange}
            onBlur={field.onBlur}
            inputRef={field.ref}
            maxLength={LIMITS.physician[1]}
            errorMessage={fieldState.error?.message}
            isRequired
          />
        )}
      />
    </Section>
  );
}

function ConsentFields({ control }: Fields) {
  const legendId = useId();
  const errorId = useId();
  return (
    <Section title="Consent">
      <Controller
        control={control}
        name="consent.grantedBy"
        rules={{ validate: (value) => value !== '' || 'Choose who gave consent.' }}
        render={({ field, fieldState }) => (
          <SelectField
            label="Given by"
            options={GRANTED_BY_OPTIONS}
            value={field.value || null}
            onChange={field.onChange}
            errorMessage={fieldState.error?.message}
            isRequired
          />
        )}
      />
      <Controller
        control={control}
        name="consent.grantedAt"
        rules={{ validate: consentTimeRule(() => new Date()) }}
        render={({ field, fieldState }) => (
          <TextInput
            label="Given on"
            type="datetime-local"
            value={field.value}
            onChange={field.onChange}
            onBlur={field.onBlur}
            inputRef={field.ref}
            errorMessage={fieldState.error?.message}
            description="Date and time, in your own time zone."
            isRequired
          />
        )}
      />
      <Controller
        control={control}
        name="consent.scope"
        rules={{ validate: (value) => value.length > 0 || 'Tick at least one thing consented to.' }}
        render={({ field, fieldState }) => (
          <div
            role="group"
            className="field so-wide so-scope"
            aria-labelledby={legendId}
            aria-describedby={fieldState.error ? errorId : undefined}
            data-invalid={fieldState.error ? true : undefined}
          >
            <span id={legendId} className="so-group-label">
              The patient consents to<span aria-hidden="true"> *</span>
            </span>
            {SCOPES.map((scope) => (
              <CheckboxField
                key={scope}
                isSelected={field.value.includes(scope)}
                onChange={(selected) =>
                  field.onChange(
                    selected
                      ? SCOPES.filter((item) => item === scope || field.value.includes(item))
                      : field.value.filter((item) => item !== scope),
                  )
                }
              >
                {CONSENT_SCOPE_LABELS[scope]}
              </CheckboxField>
            ))}
            {fieldState.error ? (
              <p className="field-error" id={errorId}>
                {fieldState.error.message}
              </p>
            ) : null}
          </div>
        )}
      />
    </Section>
  );
}

function PayerFields({ control }: Fields) {
  return (
    <Section title="Payer">
      <Controller
        control={control}
        name="payer.payer"
        rules={{ validate: textRule('The payer', LIMITS.payer) }}
        render={({ field, fieldState }) => (
          <TextInput
            label="Payer"
            value={field.value}
            onChange={field.onChange}
            onBlur={field.onBlur}
            inputRef={field.ref}
            maxLength={LIMITS.payer[1]}
            placeholder="Self-pay"
            errorMessage={fieldState.error?.message}
            isRequired
          />
        )}
      />
      <Controller
        control={control}
        name="payer.authorizationNumber"
        rules={{
          validate: textRule('The authorisation number', LIMITS.authorizationNumber, false),
        }}
        render={({ field, fieldState }) => (
          <TextInput
            label="Authorisation number"
            value={field.value}
            onChange={field.onChange}
            onBlur={field.onBlur}
            inputRef={field.ref}
            maxLength={LIMITS.authorizationNumber[1]}
            errorMessage={fieldState.error?.message}
          />
        )}
      />
      <Controller
        control={control}
        name="payer.coverageVerified"
        render={({ field }) => (
          <div className="field so-checkbox-field">
            <CheckboxField isSelected={field.value} onChange={field.onChange}>
              Coverage verified
            </CheckboxField>
          </div>
        )}
      />
    </Section>
  );
}
