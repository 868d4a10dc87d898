/**
 * AJCC TNM staging. Categories are stored without their c/p/yc/yp prefix: whether a stage is
 * clinical or pathological is given by where it is recorded.
 */

import {
  AJCC_EDITIONS,
  AjccEdition,
  M_CATEGORIES,
  N_CATEGORIES,
  STAGE_GROUPS,
  T_CATEGORIES,
} from '@app/contracts';

/** The allowed values live in the contracts, shared with the web client's form. */
export { AJCC_EDITIONS, M_CATEGORIES, N_CATEGORIES, STAGE_GROUPS, T_CATEGORIES };
export type { AjccEdition };

export interface TnmStaging {
  t?: string;
  n?: string;
  m?: string;
  stageGroup?: string;
}

export interface Staging {
  edition: AjccEdition;
  clinical?: TnmStaging;
  pathological?: TnmStaging;
}

/** `field` is a path such as 'clinical.t'. */
export interface StagingProblem {
  field: string;
  message: string;
}

type Classification = 'clinical' | 'pathological';
type TnmField = keyof TnmStaging;

const FIELDS: ReadonlyArray<{ key: TnmField; name: string; allowed: readonly string[] }> = [
  { key: 't', name: 'T category', allowed: T_CATEGORIES },
  { key: 'n', name: 'N category', allowed: N_CATEGORIES },
  { key: 'm', name: 'M category', allowed: M_CATEGORIES },
  { key: 'stageGroup', name: 'stage group', allowed: STAGE_GROUPS },
];

/** From the 8th edition on, absence of distant metastasis is clinical only: there is no pM0. */
const NO_PATHOLOGICAL_M0_FROM: AjccEdition = 8;
const M0_CATEGORIES = ['M0', 'M0(i+)'];

const isPresent = (value: string | null | undefined): value is string =>
  value !== undefined && value !== null;

export function validateStaging(staging: Staging): StagingProblem[] {
  const problems: StagingProblem[] = [];
  if (!AJCC_EDITIONS.includes(staging.edition)) {
    problems.push({
      field: 'edition',
      message: `AJCC edition must be one of ${AJCC_EDITIONS.join(', ')} (got ${String(staging.edition)})`,
    });
  }
  for (const classification of ['clinical', 'pathological'] as const) {
    const tnm = staging[classification];
    if (tnm) problems.push(...tnmProblems(classification, tnm, staging.edition));
  }
  return problems;
}

function tnmProblems(
  classification: Classification,
  tnm: TnmStaging,
  edition: AjccEdition,
): StagingProblem[] {
  const problems: StagingProblem[] = [];
  for (const { key, name, allowed } of FIELDS) {
    const value = tnm[key];
    if (isPresent(value) && !allowed.includes(value)) {
      problems.push({
        field: `${classification}.${key}`,
        message: `'${value}' is not a valid ${name}`,
      });
    }
  }
  const m = tnm.m;
  if (
    classification === 'pathological' &&
    isPresent(m) &&
    M0_CATEGORIES.includes(m) &&
    edition >= NO_PATHOLOGICAL_M0_FROM
  ) {
    problems.push({
      field: 'pathological.m',
      message: `p${m} is not a valid category in AJCC ${edition}: M0 is clinical only, record cM0 in the clinical stage`,
    });
  }
  return problems;
}

/**
 * Complete when the whole staging is valid and the clinical or the pathological stage has its
 * T, N, M and stage group.
 */
export function isStagingComplete(staging: Staging | null | undefined): boolean {
  if (!staging || validateStaging(staging).length > 0) return false;
  return [staging.clinical, staging.pathological].some(
    (tnm) => tnm !== undefined && tnm !== null && FIELDS.every(({ key }) => isPresent(tnm[key])),
  );
}
