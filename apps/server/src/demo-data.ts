import { Specialty, PlatformRole } from '@app/contracts';
import { NewUser, UsersService } from '@app/auth';

/** Shared password of the demo accounts; demo data is refused in production. */
export const DEMO_PASSWORD = 'Consensus-Panel-Review-2026!';

export const DEMO_USERS: NewUser[] = [
  {
    email: 'admin@demo.tumorboard.local',
    displayName: 'Alex Admin',
    specialty: Specialty.Other,
    institution: 'Demo University Hospital',
    role: PlatformRole.Admin,
  },
  {
    email: 'coordinator@demo.tumorboard.local',
    displayName: 'Casey Coordinator',
    specialty: Specialty.OncologyNursing,
    institution: 'Demo University Hospital',
    credentials: {
      licences: [{ number: 'RN-100234', jurisdiction: 'State Board of Nursing' }],
      boardCertifications: [{ board: 'ONCC', specialty: 'OCN' }],
    },
  },
  {
    email: 'medonc@demo.tumorboard.local',
    displayName: 'Dr Morgan Medonc',
    specialty: Specialty.MedicalOncology,
    institution: 'Demo University Hospital',
    credentials: {
      licences: [{ number: 'MD-204611', jurisdiction: 'State Medical Board' }],
      boardCertifications: [
        { board: 'ABIM', specialty: 'Medical Oncology', certifiedOn: '2014-11-01' },
      ],
    },
  },
  {
    email: 'radonc@demo.tumorboard.local',
    displayName: 'Dr Riley Radonc',
    specialty: Specialty.RadiationOncology,
    institution: 'Demo University Hospital',
    credentials: {
      licences: [{ number: 'MD-318872', jurisdiction: 'State Medical Board' }],
      boardCertifications: [{ board: 'ABR', specialty: 'Radiation Oncology' }],
    },
  },
  {
    email: 'surgeon@demo.tumorboard.local',
    displayName: 'Dr Sam Surgeon',
    specialty: Specialty.SurgicalOncology,
    institution: 'Demo University Hospital',
    credentials: {
      licences: [{ number: 'MD-411093', jurisdiction: 'State Medical Board' }],
      boardCertifications: [{ board: 'ABS', specialty: 'Complex General Surgical Oncology' }],
    },
  },
  {
    email: 'pathology@demo.tumorboard.local',
    displayName: 'Dr Pat Pathologist',
    specialty: Specialty.Pathology,
    institution: 'Demo University Hospital',
    credentials: {
      licences: [{ number: 'MD-522710', jurisdiction: 'State Medical Board' }],
      boardCertifications: [{ board: 'ABPath', specialty: 'Anatomic and Clinical Pathology' }],
    },
  },
  {
    email: 'radiology@demo.tumorboard.local',
    displayName: 'Dr Rowan Radiologist',
    specialty: Specialty.Radiology,
    institution: 'Demo University Hospital',
    credentials: {
      licences: [{ number: 'MD-630045', jurisdiction: 'State Medical Board' }],
      boardCertifications: [{ board: 'ABR', specialty: 'Diagnostic Radiology' }],
    },
  },
];

/** Seeds the demo accounts into an empty database; a no-op once any account exists. */
export async function seedDemoData(users: UsersService): Promise<boolean> {
  const existing = await users.list({ limit: 1 });
  if (existing.total > 0) return false;
  for (const user of DEMO_USERS) await users.createActive(user, DEMO_PASSWORD);
  return true;
}
