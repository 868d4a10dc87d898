import { INestApplicationContext } from '@nestjs/common';
import { DateTime } from 'luxon';
import { AuthenticatedUser, NewUser, UsersService } from '@app/auth';
import { BoardsService, MeetingsService } from '@app/boards';
import { AgendaService, CaseStatus, CasesService, NewCase, RecordsService } from '@app/cases';
import { BoardRole, PlatformRole, Specialty } from '@app/contracts';
import { seedDemoSecondOpinions } from './demo-second-opinions';

/** Shared password of the demo accounts, as documented in the README. Demo data is refused in production. */
export const DEMO_PASSWORD = 'Demo-Board-2026!';
const INSTITUTION = 'Demo University Hospital';
const TIMEZONE = 'America/New_York';

function person(
  handle: string,
  displayName: string,
  specialty: Specialty,
  licence: string,
  board: string,
): NewUser {
  return {
    email: `${handle}@demo.local`,
    displayName,
    specialty,
    institution: INSTITUTION,
    credentials: {
      licences: [{ number: licence, jurisdiction: 'State Medical Board' }],
      boardCertifications: [{ board, specialty: specialty.replace(/_/g, ' ') }],
    },
  };
}

export const DEMO_USERS: NewUser[] = [
  {
    email: 'admin@demo.local',
    displayName: 'Alex Admin',
    specialty: Specialty.Other,
    institution: INSTITUTION,
    role: PlatformRole.Admin,
  },
  {
    email: 'coordinator@demo.local',
    displayName: 'Casey Coordinator',
    specialty: Specialty.OncologyNursing,
    institution: INSTITUTION,
    credentials: {
      licences: [{ number: 'RN-100234', jurisdiction: 'State Board of Nursing' }],
      boardCertifications: [{ board: 'ONCC', specialty: 'OCN' }],
    },
  },
  person('chair', 'Dr Charlie Chair', Specialty.MedicalOncology, 'MD-100871', 'ABIM'),
  person('medonc', 'Dr Morgan Medonc', Specialty.MedicalOncology, 'MD-204611', 'ABIM'),
  person('radonc', 'Dr Riley Radonc', Specialty.RadiationOncology, 'MD-318872', 'ABR'),
  person('surgery', 'Dr Sam Surgeon', Specialty.SurgicalOncology, 'MD-411093', 'ABS'),
  person('pathology', 'Dr Pat Pathologist', Specialty.Pathology, 'MD-522710', 'ABPath'),
  person('radiology', 'Dr Rowan Radiologist', Specialty.Radiology, 'MD-630045', 'ABR'),
  person('genetics', 'Dr Gene Geneticist', Specialty.Genetics, 'MD-745520', 'ABMGG'),
  {
    email: 'observer@demo.local',
    displayName: 'Olive Observer',
    specialty: Specialty.Other,
    institution: INSTITUTION,
  },
];

const ROLES: Record<string, BoardRole> = {
  coordinator: BoardRole.Coordinator,
  chair: BoardRole.Chair,
  medonc: BoardRole.Presenter,
  radonc: BoardRole.Panelist,
  surgery: BoardRole.Panelist,
  pathology: BoardRole.Panelist,
  radiology: BoardRole.Panelist,
  genetics: BoardRole.Panelist,
  observer: BoardRole.Observer,
};

/** Next weekday (1 = Monday) at a wall-clock time in the demo timezone, at least a day ahead. */
function nextLocal(weekday: number, time: string): string {
  let day = DateTime.now().setZone(TIMEZONE).plus({ days: 1 }).startOf('day');
  while (day.weekday !== weekday) day = day.plus({ days: 1 });
  return `${day.toFormat('yyyy-MM-dd')}T${time}`;
}

const daysAgo = (days: number) => DateTime.now().minus({ days }).toFormat('yyyy-MM-dd');
const daysAhead = (days: number) => DateTime.now().plus({ days }).toFormat('yyyy-MM-dd');

interface DemoCase {
  input: NewCase;
  records: Array<'pathology' | 'radiology' | 'imaging' | 'genomics'>;
  ready: boolean;
  onAgenda: boolean;
}

const staged = (t: string, n: string, m: string, stageGroup: string) => ({
  edition: 8 as const,
  clinical: { t, n, m, stageGroup },
});

const THORACIC_CASES: DemoCase[] = [
  {
    input: {
      patientRef: 'THX-2026-001',
      mrn: 'MRN-4410021',
      birthYear: 1958,
      sex: 'male',
      referral: { type: 'internal' },
      priority: 'urgent',
      dueDate: daysAhead(7),
      diagnosis: {
        primarySite: 'Right upper lobe, lung',
        histology: 'Adenocarcinoma',
        icd10: 'C34.1',
        icdO3Topography: 'C34.1',
        icdO3Morphology: '8140/3',
      },
      staging: staged('T2a', 'N2', 'M0', 'IIIA'),
      ecog: 1,
      biomarkers: [
        { name: 'EGFR', result: 'exon 19 deletion', method: 'NGS (tissue)' },
        { name: 'PD-L1', result: 'TPS 5%', method: 'IHC 22C3' },
      ],
      question: 'Neoadjuvant chemo-immunotherapy then resection, or definitive chemoradiation?',
      clinicalSummary:
        '68-year-old former smoker, 40 pack-years. Cough for 3 months. CT: 4.2 cm RUL mass, ipsilateral mediastinal nodes (4R) on PET. EBUS confirms N2.',
    },
    records: ['pathology', 'radiology', 'imaging', 'genomics'],
    ready: true,
    onAgenda: true,
  },
  {
    input: {
      patientRef: 'THX-2026-002',
      birthYear: 1971,
      sex: 'female',
      priority: 'routine',
      dueDate: daysAhead(14),
      referral: {
        type: 'external_second_opinion',
        referringPhysician: 'Dr J. Moreau',
        referringInstitution: 'Lakeside Community Hospital',
        firstOpinion: {
          diagnosis: 'Stage IB adenocarcinoma, LLL',
          recommendation: 'Lobectomy alone',
        },
      },
      diagnosis: {
        primarySite: 'Left lower lobe, lung',
        histology: 'Adenocarcinoma, solid predominant',
        icd10: 'C34.3',
        icdO3Topography: 'C34.3',
        icdO3Morphology: '8230/3',
      },
      staging: staged('T2a', 'N0', 'M0', 'IB'),
      ecog: 0,
      question: 'Is adjuvant osimertinib indicated after lobectomy given the solid pattern?',
      clinicalSummary: 'Second opinion requested by the patient before surgery.',
    },
    records: ['pathology', 'radiology'],
    ready: true,
    onAgenda: true,
  },
  {
    input: {
      patientRef: 'THX-2026-003',
      birthYear: 1949,
      sex: 'male',
      referral: { type: 'internal' },
      priority: 'routine',
      diagnosis: { primarySite: 'Pleura', histology: 'Epithelioid mesothelioma' },
      ecog: 2,
      question: 'Systemic therapy options for a frail patient?',
      clinicalSummary: 'Pleural effusion, thoracoscopic biopsy pending final report.',
    },
    records: ['radiology'],
    ready: false,
    onAgenda: false,
  },
  {
    input: {
      patientRef: 'THX-2026-004',
      birthYear: 1966,
      sex: 'female',
      referral: { type: 'internal' },
      priority: 'routine',
      diagnosis: {
        primarySite: 'Right middle lobe, lung',
        histology: 'Squamous cell carcinoma',
        icd10: 'C34.2',
        icdO3Morphology: '8070/3',
      },
      staging: staged('T1c', 'N0', 'M0', 'IA3'),
      ecog: 0,
      question: '',
      clinicalSummary: 'Screen-detected nodule, CT-guided biopsy positive.',
    },
    records: ['pathology', 'radiology', 'imaging'],
    ready: false,
    onAgenda: false,
  },
];

const BREAST_CASES: DemoCase[] = [
  {
    input: {
      patientRef: 'BRS-2026-001',
      mrn: 'MRN-5520913',
      birthYear: 1979,
      sex: 'female',
      referral: { type: 'internal' },
      priority: 'urgent',
      dueDate: daysAhead(5),
      diagnosis: {
        primarySite: 'Left breast, upper outer quadrant',
        histology: 'Invasive ductal carcinoma, grade 3',
        icd10: 'C50.412',
        icdO3Topography: 'C50.4',
        icdO3Morphology: '8500/3',
        laterality: 'left',
      },
      staging: staged('T2', 'N1', 'M0', 'IIB'),
      ecog: 0,
      biomarkers: [
        { name: 'ER', result: 'negative' },
        { name: 'PR', result: 'negative' },
        { name: 'HER2', result: '3+ (IHC)' },
      ],
      question: 'Neoadjuvant TCHP before surgery?',
      clinicalSummary:
        'HER2-positive, palpable 3.1 cm mass, one suspicious axillary node (biopsy positive).',
    },
    records: ['pathology', 'radiology', 'imaging'],
    ready: true,
    onAgenda: true,
  },
  {
    input: {
      patientRef: 'BRS-2026-002',
      birthYear: 1985,
      sex: 'female',
      referral: { type: 'internal' },
      priority: 'routine',
      dueDate: daysAhead(21),
      diagnosis: {
        primarySite: 'Right breast',
        histology: 'Ductal carcinoma in situ',
        icd10: 'D05.11',
        icdO3Topography: 'C50.9',
        icdO3Morphology: '8500/2',
        laterality: 'right',
      },
      staging: staged('Tis(DCIS)', 'N0', 'M0', '0'),
      ecog: 0,
      biomarkers: [{ name: 'BRCA1', result: 'pathogenic variant', method: 'germline panel' }],
      question: 'Bilateral mastectomy versus breast-conserving surgery in a BRCA1 carrier?',
      clinicalSummary: 'Screen-detected calcifications, 2.4 cm extent.',
    },
    records: ['pathology', 'radiology', 'genomics'],
    ready: true,
    onAgenda: false,
  },
  {
    input: {
      patientRef: 'BRS-2026-003',
      birthYear: 1962,
      sex: 'female',
      referral: { type: 'internal' },
      priority: 'routine',
      diagnosis: {
        primarySite: 'Left breast',
        histology: 'Invasive lobular carcinoma',
        icd10: 'C50.912',
      },
      ecog: 1,
      question: 'Role of MRI before surgery?',
      clinicalSummary: 'Core biopsy done, pathology report awaited.',
    },
    records: ['radiology'],
    ready: false,
    onAgenda: false,
  },
  {
    input: {
      patientRef: 'BRS-2026-004',
      birthYear: 1955,
      sex: 'male',
      referral: {
        type: 'external_second_opinion',
        referringPhysician: 'Dr A. Osei',
        referringInstitution: 'Northfield Clinic',
        firstOpinion: {
          diagnosis: 'Male breast cancer, cT1cN0',
          recommendation: 'Mastectomy and sentinel node biopsy',
        },
      },
      priority: 'routine',
      diagnosis: {
        primarySite: 'Right breast',
        histology: 'Invasive ductal carcinoma',
        icd10: 'C50.021',
        icdO3Morphology: '8500/3',
      },
      question: 'Confirm surgical plan and need for genetic testing.',
      clinicalSummary: 'Referred for second opinion; outside imaging to be uploaded.',
    },
    records: [],
    ready: false,
    onAgenda: false,
  },
];

const DEMO_RECORDS = {
  pathology: {
    kind: 'pathology_report',
    title: 'Surgical pathology report',
    source: 'Pathology LIS',
    recordDate: daysAgo(12),
  },
  radiology: {
    kind: 'radiology_report',
    title: 'CT chest/abdomen/pelvis report',
    source: 'Radiology RIS',
    recordDate: daysAgo(20),
  },
  genomics: {
    kind: 'genomics',
    title: 'Next-generation sequencing panel',
    source: 'Molecular pathology',
    recordDate: daysAgo(8),
  },
  imaging: { kind: 'imaging_study', title: 'PET-CT', source: 'PACS', recordDate: daysAgo(18) },
} as const;

/** Seeds the demo institution into an empty database; a no-op once any account exists. */
export async function seedDemoData(app: INestApplicationContext): Promise<boolean> {
  const users = app.get(UsersService);
  const boards = app.get(BoardsService);
  const meetings = app.get(MeetingsService);
  const cases = app.get(CasesService);
  const records = app.get(RecordsService);
  const agenda = app.get(AgendaService);
  if ((await users.list({ limit: 1 })).total > 0) return false;

  const ids = new Map<string, string>();
  for (const user of DEMO_USERS) {
    const created = await users.createActive(user, DEMO_PASSWORD, { demoPassword: true });
    ids.set(user.email.split('@')[0], created.id);
  }
  const actor = (handle: string): AuthenticatedUser => ({
    id: ids.get(handle) as string,
    sessionId: 'demo-seed',
    role: PlatformRole.User,
  });
  const coordinator = actor('coordinator');
  const presenter = actor('medonc');

  const plans = [
    {
      name: 'Thoracic Oncology Board',
      sites: ['lung', 'pleura', 'thymus', 'oesophagus'],
      weekday: 2,
      day: 'TU',
      time: '07:30',
      cases: THORACIC_CASES,
      secondOpinions: true,
    },
    {
      name: 'Breast Cancer Board',
      sites: ['breast'],
      weekday: 4,
      day: 'TH',
      time: '12:00',
      cases: BREAST_CASES,
      secondOpinions: false,
    },
  ];
  for (const plan of plans) {
    const board = await boards.create(coordinator, {
      name: plan.name,
      tumourSites: plan.sites,
      institution: INSTITUTION,
      timezone: TIMEZONE,
      description: `Weekly multidisciplinary ${plan.sites[0]} cancer conference (demo data, synthetic patients).`,
    });
    for (const [handle, role] of Object.entries(ROLES)) {
      if (handle !== 'coordinator')
        await boards.addMember(coordinator, board.id, { userId: ids.get(handle) as string, role });
    }
    if (plan.secondOpinions) {
      await seedDemoSecondOpinions(app, board.id, coordinator, {
        pathologist: actor('pathology'),
        radiationOncologist: actor('radonc'),
      });
    }
    const series = await meetings.schedule(coordinator, board.id, {
      title: `${plan.name} weekly conference`,
      startLocal: nextLocal(plan.weekday, plan.time),
      durationMinutes: 60,
      rrule: `FREQ=WEEKLY;BYDAY=${plan.day}`,
      horizonDays: 56,
    });
    for (const demo of plan.cases) {
      const created = await cases.create(presenter, board.id, demo.input);
      for (const kind of demo.records) {
        const record = DEMO_RECORDS[kind];
        await records.addReference(presenter, created.id, {
          ...record,
          ...(kind === 'imaging'
            ? {
                dicom: {
                  studyInstanceUid: `2.25.${BigInt(`0x${created.id.replace(/-/g, '')}`)}`,
                  modality: 'PT',
                },
              }
            : {}),
        });
      }
      if (demo.ready) await cases.changeStatus(presenter, created.id, CaseStatus.Ready);
      if (demo.onAgenda) {
        await agenda.add(coordinator, series.meetings[0].id, {
          caseId: created.id,
          minutesAllotted: 15,
          presenterId: presenter.id,
        });
      }
    }
  }
  return true;
}
