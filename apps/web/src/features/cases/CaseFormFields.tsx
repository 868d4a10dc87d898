import {
  AJCC_EDITIONS,
  M_CATEGORIES,
  N_CATEGORIES,
  STAGE_GROUPS,
  T_CATEGORIES,
} from '@app/contracts';
import { memo } from 'react';
import { Label, Radio, RadioGroup, Text } from 'react-aria-components';
import type { BoardMemberView } from '../../api/types';
import { Button } from '../../ui/Button';
import { NumberInput, SelectField, TextArea, TextInput, type Option } from '../../ui/fields';
import { PRIORITY_LABELS, roleLabel } from '../../ui/words';
import {
  newBiomarkerRow,
  type BiomarkerRow,
  type CaseFormValues,
  type FieldErrors,
  type FirstTreatmentChoice,
} from './caseForm';
import { ECOG_LABELS, LATERALITY_LABELS, REFERRAL_LABELS, SEX_LABELS, optionsOf } from './words';
import './cases.css';

const NONE = '__none';

function withNone(options: readonly Option[], label = 'Not recorded'): Option[] {
  return [{ id: NONE, label }, ...options];
}

function plainOptions(values: readonly string[]): Option[] {
  return values.map((value) => ({ id: value, label: value }));
}

const T_OPTIONS = withNone(plainOptions(T_CATEGORIES));
const N_OPTIONS = withNone(plainOptions(N_CATEGORIES));
const M_OPTIONS = withNone(plainOptions(M_CATEGORIES));
const STAGE_OPTIONS = withNone(plainOptions(STAGE_GROUPS));
const EDITION_OPTIONS = withNone(
  AJCC_EDITIONS.map((edition) => ({ id: String(edition), label: `AJCC ${edition}th edition` })),
);
const SEX_OPTIONS = optionsOf(SEX_LABELS);
const LATERALITY_OPTIONS = withNone(optionsOf(LATERALITY_LABELS));
const ECOG_OPTIONS = withNone(optionsOf(ECOG_LABELS));
const REFERRAL_OPTIONS = optionsOf(REFERRAL_LABELS);
const PRIORITY_OPTIONS = Object.entries(PRIORITY_LABELS).map(([id, label]) => ({ id, label }));

export interface CaseFormFieldsProps {
  mode: 'create' | 'edit';
  values: CaseFormValues;
  onChange: (patch: Partial<CaseFormValues>) => void;
  errors: FieldErrors;
  /** Members who may present (not observers). */
  presenters: readonly BoardMemberView[];
  showMrn: boolean;
  /** A closed case: only the first treatment may still be recorded. */
  onlyFirstTreatment?: boolean;
  isDisabled?: boolean;
}

/**
 * Every structured field of a case, grouped as a clinician reads a case summary. Controlled:
 * the caller holds the values and the complaints (by server field path). Each group re-renders
 * only when its own values change, so typing stays quick in a long form (pass a stable
 * `onChange`).
 */
export function CaseFormFields(props: CaseFormFieldsProps) {
  return (
    <div className="stack case-form">
      <PatientSection {...props} />
      <ReferralSection {...props} />
      <DiagnosisSection {...props} />
      <StagingSection {...props} />
      <BiomarkersSection {...props} />
      <BoardSection {...props} />
      <FirstTreatmentSection {...props} />
    </div>
  );
}

function helpers({
  errors,
  onChange,
  onlyFirstTreatment = false,
  isDisabled = false,
}: CaseFormFieldsProps) {
  return {
    error: (path: string) => errors[path]?.join(' ') || undefined,
    readOnly: onlyFirstTreatment || isDisabled,
    select: (key: keyof CaseFormValues) => (id: string) =>
      onChange({ [key]: id === NONE ? '' : id } as Partial<CaseFormValues>),
    optional: (value: string) => (value === '' ? null : value),
  };
}

/** Re-render a group only when one of its values, or anything but the values, changed. */
function sameFor(keys: ReadonlyArray<keyof CaseFormValues>) {
  return (previous: CaseFormFieldsProps, next: CaseFormFieldsProps) =>
    keys.every((key) => previous.values[key] === next.values[key]) &&
    previous.errors === next.errors &&
    previous.onChange === next.onChange &&
    previous.presenters === next.presenters &&
    previous.mode === next.mode &&
    previous.showMrn === next.showMrn &&
    previous.onlyFirstTreatment === next.onlyFirstTreatment &&
    previous.isDisabled === next.isDisabled;
}

const PatientSection = memo(
  function PatientSection(props: CaseFormFieldsProps) {
    const { mode, values, onChange, showMrn, isDisabled = false } = props;
    const { error, readOnly, optional } = helpers(props);
    return (
      <fieldset className="group">
        <legend>Patient</legend>
        {mode === 'edit' ? (
          <dl className="facts patient-fixed">
            <div>
              <dt>Patient reference</dt>
              <dd>{values.patientRef}</dd>
            </div>
            <div>
              <dt>Year of birth</dt>
              <dd>{values.birthYear ?? '—'}</dd>
            </div>
            <div>
              <dt>Sex</dt>
              <dd>{SEX_LABELS[values.sex as keyof typeof SEX_LABELS] ?? '—'}</dd>
            </div>
          </dl>
        ) : null}
        <div className="form-grid">
          {mode === 'create' ? (
            <TextInput
              label="Patient reference"
              value={values.patientRef}
              onChange={(patientRef) => onChange({ patientRef })}
              errorMessage={error('patientRef')}
              description="Pseudonymous, unique on this board: 3–40 letters, digits, dots, dashes or underscores."
              maxLength={40}
              isRequired
              isDisabled={isDisabled}
            />
          ) : null}
          {showMrn ? (
            <TextInput
              label="Medical record number (MRN)"
              value={values.mrn}
              onChange={(mrn) => onChange({ mrn })}
              errorMessage={error('mrn')}
              description={
                mode === 'create'
                  ? 'Encrypted at rest; shown only to the coordinator, the presenter and administrators.'
                  : 'Encrypted at rest; shown only to the coordinator, the presenter and administrators. It can be corrected, not removed.'
              }
              maxLength={32}
              isReadOnly={readOnly}
              isDisabled={isDisabled}
            />
          ) : null}
          {mode === 'create' ? (
            <>
              <NumberInput
                label="Year of birth"
                value={values.birthYear}
                onChange={(birthYear) => onChange({ birthYear })}
                minValue={1900}
                maxValue={2100}
                errorMessage={error('birthYear')}
                isRequired
                isDisabled={isDisabled}
              />
              <SelectField
                label="Sex"
                options={SEX_OPTIONS}
                value={optional(values.sex)}
                onChange={(sex) => onChange({ sex })}
                errorMessage={error('sex')}
                isRequired
                isDisabled={isDisabled}
              />
            </>
          ) : null}
        </div>
      </fieldset>
    );
  },
  sameFor(['patientRef', 'mrn', 'birthYear', 'sex']),
);

const ReferralSection = memo(
  function ReferralSection(props: CaseFormFieldsProps) {
    const { values, onChange } = props;
    const { error, readOnly } = helpers(props);
    return (
      <fieldset className="group">
        <legend>Referral</legend>
        <div className="form-grid">
          <SelectField
            label="Referral type"
            options={REFERRAL_OPTIONS}
            value={values.referralType}
            onChange={(id) => onChange({ referralType: id as CaseFormValues['referralType'] })}
            errorMessage={error('referral.type') ?? error('referral')}
            isReadOnly={readOnly}
          />
          <TextInput
            label="Referring physician"
            value={values.referringPhysician}
            onChange={(referringPhysician) => onChange({ referringPhysician })}
            errorMessage={error('referral.referringPhysician')}
            isRequired={values.referralType === 'external_second_opinion'}
            isReadOnly={readOnly}
          />
          <TextInput
            label="Referring institution"
            value={values.referringInstitution}
            onChange={(referringInstitution) => onChange({ referringInstitution })}
            errorMessage={error('referral.referringInstitution')}
            isRequired={values.referralType === 'external_second_opinion'}
            isReadOnly={readOnly}
          />
        </div>
        {values.referralType === 'external_second_opinion' ? (
          <div className="stack case-subgroup">
            <TextArea
              label="First opinion: diagnosis"
              rows={2}
              value={values.firstOpinionDiagnosis}
              onChange={(firstOpinionDiagnosis) => onChange({ firstOpinionDiagnosis })}
              errorMessage={
                error('referral.firstOpinion.diagnosis') ?? error('referral.firstOpinion')
              }
              description="What the referring team concluded."
              isRequired
              isReadOnly={readOnly}
            />
            <TextArea
              label="First opinion: recommendation"
              rows={2}
              value={values.firstOpinionRecommendation}
              onChange={(firstOpinionRecommendation) => onChange({ firstOpinionRecommendation })}
              errorMessage={error('referral.firstOpinion.recommendation')}
              isRequired
              isReadOnly={readOnly}
            />
          </div>
        ) : null}
      </fieldset>
    );
  },
  sameFor([
    'referralType',
    'referringPhysician',
    'referringInstitution',
    'firstOpinionDiagnosis',
    'firstOpinionRecommendation',
  ]),
);

const DiagnosisSection = memo(
  function DiagnosisSection(props: CaseFormFieldsProps) {
    const { values, onChange } = props;
    const { error, readOnly, select, optional } = helpers(props);
    return (
      <fieldset className="group">
        <legend>Diagnosis</legend>
        <div className="form-grid">
          <TextInput
            label="Primary site"
            value={values.primarySite}
            onChange={(primarySite) => onChange({ primarySite })}
            errorMessage={error('diagnosis.primarySite')}
            placeholder="e.g. Right upper lobe, lung"
            maxLength={200}
            isReadOnly={readOnly}
          />
          <TextInput
            label="Histology"
            className="field-wide"
            value={values.histology}
            onChange={(histology) => onChange({ histology })}
            errorMessage={error('diagnosis.histology')}
            placeholder="e.g. Adenocarcinoma, acinar predominant"
            maxLength={200}
            isReadOnly={readOnly}
          />
          <TextInput
            label="ICD-10"
            value={values.icd10}
            onChange={(icd10) => onChange({ icd10 })}
            errorMessage={error('diagnosis.icd10')}
            description="With its dot, e.g. C34.1"
            maxLength={8}
            isReadOnly={readOnly}
          />
          <TextInput
            label="ICD-O-3 topography"
            value={values.icdO3Topography}
            onChange={(icdO3Topography) => onChange({ icdO3Topography })}
            errorMessage={error('diagnosis.icdO3Topography')}
            description="e.g. C34.1"
            maxLength={5}
            isReadOnly={readOnly}
          />
          <TextInput
            label="ICD-O-3 morphology"
            value={values.icdO3Morphology}
            onChange={(icdO3Morphology) => onChange({ icdO3Morphology })}
            errorMessage={error('diagnosis.icdO3Morphology')}
            description="Histology and behaviour, e.g. 8140/3"
            maxLength={6}
            isReadOnly={readOnly}
          />
          <TextInput
            label="Date of diagnosis"
            type="date"
            value={values.diagnosedOn}
            onChange={(diagnosedOn) => onChange({ diagnosedOn })}
            errorMessage={error('diagnosis.diagnosedOn')}
            isReadOnly={readOnly}
          />
          <SelectField
            label="Laterality"
            options={LATERALITY_OPTIONS}
            value={optional(values.laterality)}
            onChange={select('laterality')}
            placeholder="Not recorded"
            errorMessage={error('diagnosis.laterality')}
            isReadOnly={readOnly}
          />
          <SelectField
            label="ECOG performance status"
            className="field-wide"
            options={ECOG_OPTIONS}
            value={optional(values.ecog)}
            onChange={select('ecog')}
            placeholder="Not recorded"
            errorMessage={error('ecog')}
            isReadOnly={readOnly}
          />
        </div>
      </fieldset>
    );
  },
  sameFor([
    'primarySite',
    'histology',
    'icd10',
    'icdO3Topography',
    'icdO3Morphology',
    'diagnosedOn',
    'laterality',
    'ecog',
  ]),
);

const StagingSection = memo(
  function StagingSection(props: CaseFormFieldsProps) {
    const { values, onChange, errors } = props;
    const { error, readOnly, select, optional } = helpers(props);
    return (
      <fieldset className="group">
        <legend>Staging (AJCC TNM)</legend>
        <div className="form-grid">
          <SelectField
            label="AJCC edition"
            options={EDITION_OPTIONS}
            value={optional(values.stagingEdition)}
            onChange={select('stagingEdition')}
            placeholder="Not staged"
            errorMessage={error('staging.edition')}
            description="Categories without their c/p prefix: where they are entered says which."
            isReadOnly={readOnly}
          />
        </div>
        <TnmRow
          prefix="clinical"
          title="Clinical"
          t={values.clinicalT}
          n={values.clinicalN}
          m={values.clinicalM}
          stageGroup={values.clinicalStageGroup}
          errors={errors}
          readOnly={readOnly}
          onChange={onChange}
        />
        <TnmRow
          prefix="pathological"
          title="Pathological"
          t={values.pathologicalT}
          n={values.pathologicalN}
          m={values.pathologicalM}
          stageGroup={values.pathologicalStageGroup}
          errors={errors}
          readOnly={readOnly}
          onChange={onChange}
        />
      </fieldset>
    );
  },
  sameFor([
    'stagingEdition',
    'clinicalT',
    'clinicalN',
    'clinicalM',
    'clinicalStageGroup',
    'pathologicalT',
    'pathologicalN',
    'pathologicalM',
    'pathologicalStageGroup',
  ]),
);

const BiomarkersSection = memo(
  function BiomarkersSection(props: CaseFormFieldsProps) {
    const { values, onChange } = props;
    const { error, readOnly } = helpers(props);
    const setBiomarker = (row: BiomarkerRow, patch: Partial<BiomarkerRow>) =>
      onChange({
        biomarkers: values.biomarkers.map((item) =>
          item.key === row.key ? { ...item, ...patch } : item,
        ),
      });
    return (
      <fieldset className="group">
        <legend>Biomarkers</legend>
        {error('biomarkers') ? (
          <p className="field-error" role="alert">
            {error('biomarkers')}
          </p>
        ) : null}
        {values.biomarkers.length === 0 ? <p className="muted">No biomarkers recorded.</p> : null}
        <ol className="list-plain stack biomarker-list">
          {values.biomarkers.map((row, index) => (
            <li key={row.key}>
              <fieldset className="group biomarker-row">
                <legend>Biomarker {index + 1}</legend>
                <div className="biomarker-fields">
                  <TextInput
                    label="Name"
                    value={row.name}
                    onChange={(name) => setBiomarker(row, { name })}
                    errorMessage={error(`biomarkers.${row.key}.name`)}
                    placeholder="e.g. EGFR"
                    maxLength={100}
                    isRequired
                    isReadOnly={readOnly}
                  />
                  <TextInput
                    label="Result"
                    value={row.result}
                    onChange={(result) => setBiomarker(row, { result })}
                    errorMessage={error(`biomarkers.${row.key}.result`)}
                    placeholder="e.g. exon 19 deletion detected"
                    maxLength={500}
                    isRequired
                    isReadOnly={readOnly}
                  />
                  <TextInput
                    label="Method"
                    value={row.method}
                    onChange={(method) => setBiomarker(row, { method })}
                    errorMessage={error(`biomarkers.${row.key}.method`)}
                    placeholder="e.g. NGS (tissue)"
                    maxLength={200}
                    isReadOnly={readOnly}
                  />
                  {readOnly ? null : (
                    <Button
                      variant="quiet"
                      size="small"
                      className="biomarker-remove"
                      aria-label={`Remove biomarker ${index + 1}${row.name ? ` (${row.name})` : ''}`}
                      onPress={() =>
                        onChange({
                          biomarkers: values.biomarkers.filter((item) => item.key !== row.key),
                        })
                      }
                    >
                      Remove
                    </Button>
                  )}
                </div>
              </fieldset>
            </li>
          ))}
        </ol>
        {readOnly || values.biomarkers.length >= 50 ? null : (
          <div>
            <Button
              size="small"
              onPress={() => onChange({ biomarkers: [...values.biomarkers, newBiomarkerRow()] })}
            >
              Add biomarker
            </Button>
          </div>
        )}
      </fieldset>
    );
  },
  sameFor(['biomarkers']),
);

const BoardSection = memo(
  function BoardSection(props: CaseFormFieldsProps) {
    const { values, onChange, presenters } = props;
    const { error, readOnly, select, optional } = helpers(props);
    const presenterOptions = withNone(
      presenters.map((member) => ({
        id: member.userId,
        label: `${member.displayName} (${roleLabel(member.role)})`,
      })),
      'No presenter yet',
    );
    // A presenter who has since left the board or become an observer still shows by id.
    if (values.presenterId && !presenters.some((member) => member.userId === values.presenterId)) {
      presenterOptions.push({
        id: values.presenterId,
        label: 'A former presenter (no longer eligible)',
      });
    }
    return (
      <fieldset className="group">
        <legend>For the board</legend>
        <div className="stack">
          <TextArea
            label="Question to the board"
            rows={3}
            value={values.question}
            onChange={(question) => onChange({ question })}
            errorMessage={error('question')}
            description="What you want the board to decide. At most 2,000 characters."
            maxLength={2000}
            isReadOnly={readOnly}
          />
          <TextArea
            label="Clinical summary"
            rows={8}
            value={values.clinicalSummary}
            onChange={(clinicalSummary) => onChange({ clinicalSummary })}
            errorMessage={error('clinicalSummary')}
            maxLength={20_000}
            isReadOnly={readOnly}
          />
          <div className="form-grid">
            <SelectField
              label="Priority"
              options={PRIORITY_OPTIONS}
              value={values.priority}
              onChange={(id) => onChange({ priority: id as CaseFormValues['priority'] })}
              errorMessage={error('priority')}
              isReadOnly={readOnly}
            />
            <TextInput
              label="Due date"
              type="date"
              value={values.dueDate}
              onChange={(dueDate) => onChange({ dueDate })}
              errorMessage={error('dueDate')}
              description="When the board should discuss it by."
              isReadOnly={readOnly}
            />
            <SelectField
              label="Presenter"
              className="field-wide"
              options={presenterOptions}
              value={optional(values.presenterId)}
              onChange={select('presenterId')}
              placeholder="No presenter yet"
              errorMessage={error('presenterId')}
              description="A board member who is not an observer."
              isReadOnly={readOnly}
            />
          </div>
        </div>
      </fieldset>
    );
  },
  sameFor(['question', 'clinicalSummary', 'priority', 'dueDate', 'presenterId']),
);

const FirstTreatmentSection = memo(
  function FirstTreatmentSection(props: CaseFormFieldsProps) {
    const { values, onChange, isDisabled = false } = props;
    const { error } = helpers(props);
    return (
      <fieldset className="group">
        <legend>First treatment</legend>
        <RadioGroup
          className="radio-group"
          value={values.firstTreatment}
          onChange={(value) => onChange({ firstTreatment: value as FirstTreatmentChoice })}
          isDisabled={isDisabled}
          isInvalid={Boolean(error('firstTreatment') ?? error('firstTreatment.status'))}
          orientation="horizontal"
        >
          <Label className="radio-group-label">
            Has the first cancer-directed treatment begun?
          </Label>
          <div className="radio-options">
            <Radio value="not_recorded" className="radio">
              Not recorded
            </Radio>
            <Radio value="not_started" className="radio">
              Not started
            </Radio>
            <Radio value="started" className="radio">
              Started
            </Radio>
          </div>
          <Text slot="description" className="muted small">
            It can be recorded even after the recommendation is published.
          </Text>
          {(error('firstTreatment') ?? error('firstTreatment.status')) ? (
            <Text slot="errorMessage" className="field-error">
              {error('firstTreatment') ?? error('firstTreatment.status')}
            </Text>
          ) : null}
        </RadioGroup>
        {values.firstTreatment === 'started' ? (
          <div className="form-grid case-subgroup">
            <TextInput
              label="Date treatment began"
              type="date"
              value={values.firstTreatmentStartedOn}
              onChange={(firstTreatmentStartedOn) => onChange({ firstTreatmentStartedOn })}
              errorMessage={error('firstTreatment.startedOn')}
              isRequired
              isDisabled={isDisabled}
            />
          </div>
        ) : null}
      </fieldset>
    );
  },
  sameFor(['firstTreatment', 'firstTreatmentStartedOn']),
);

/**
 * One classification's T, N, M and stage group. Memoised: these long option lists need not
 * re-render on every keystroke elsewhere in the form (the caller passes a stable `onChange`).
 */
const TnmRow = memo(function TnmRow({
  prefix,
  title,
  t,
  n,
  m,
  stageGroup,
  errors,
  readOnly,
  onChange,
}: {
  prefix: 'clinical' | 'pathological';
  title: string;
  t: string;
  n: string;
  m: string;
  stageGroup: string;
  errors: FieldErrors;
  readOnly: boolean;
  onChange: (patch: Partial<CaseFormValues>) => void;
}) {
  const error = (part: string) => errors[`staging.${prefix}.${part}`]?.join(' ') || undefined;
  const set = (part: 'T' | 'N' | 'M' | 'StageGroup') => (id: string) =>
    onChange({ [`${prefix}${part}`]: id === NONE ? '' : id } as Partial<CaseFormValues>);
  const value = (text: string) => (text === '' ? null : text);
  return (
    <fieldset className="group case-subgroup">
      <legend>{title}</legend>
      <div className="tnm-row">
        <SelectField
          label={`${title} T`}
          options={T_OPTIONS}
          value={value(t)}
          onChange={set('T')}
          placeholder="Not recorded"
          errorMessage={error('t')}
          isReadOnly={readOnly}
        />
        <SelectField
          label={`${title} N`}
          options={N_OPTIONS}
          value={value(n)}
          onChange={set('N')}
          placeholder="Not recorded"
          errorMessage={error('n')}
          isReadOnly={readOnly}
        />
        <SelectField
          label={`${title} M`}
          options={M_OPTIONS}
          value={value(m)}
          onChange={set('M')}
          placeholder="Not recorded"
          errorMessage={error('m')}
          isReadOnly={readOnly}
        />
        <SelectField
          label={`${title} stage group`}
          options={STAGE_OPTIONS}
          value={value(stageGroup)}
          onChange={set('StageGroup')}
          placeholder="Not recorded"
          errorMessage={error('stageGroup')}
          isReadOnly={readOnly}
        />
      </div>
    </fieldset>
  );
});
