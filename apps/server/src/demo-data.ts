import { Specialty, PlatformRole } from '@app/contracts';
import { NewUser, UsersService } from '@app/auth';

/** Shared password of the demo accounts; demo data is refused in production. */
export const DEMO_PASSWORD = 'Consensus-Panel-Review-2026!';

function clinician(
  handle: string,
  displayName: string,
  specialty: Specialty,
  licence: string,
  board: string,
  certifiedSpecialty: string,
  jurisdiction = 'State Medical Board',
): NewUser {
  return {
    email: `${handle}@demo.tumorboard.local`,
    displayName,
    specialty,
    institution: 'Demo University Hospital',
    credentials: {
      licences: [{ number: licence, jurisdiction }],
      boardCertifications: [{ board, specialty: certifiedSpecialty }],
    },
  };
}

export const DEMO_USERS: NewUser[] = [
  {
    email: 'admin@demo.tumorboard.local',
    displayName: 'Alex Admin',
    specialty: Specialty.Other,
    institution: 'Demo University Hospital',
    role: PlatformRole.Admin,
  },
  clinician(
    'coordinator',
    'Casey Coordinator',
    Specialty.OncologyNursing,
    'RN-100234',
    'ONCC',
    'OCN',
    'State Board of Nursing',
  ),
  clinician(
    'medonc',
    'Dr Morgan Medonc',
    Specialty.MedicalOncology,
    'MD-204611',
    'ABIM',
    'Medical Oncology',
  ),
  clinician(
    'radonc',
    'Dr Riley Radonc',
    Specialty.RadiationOncology,
    'MD-318872',
    'ABR',
    'Radiation Oncology',
  ),
  clinician(
    'surgeon',
    'Dr Sam Surgeon',
    Specialty.SurgicalOncology,
    'MD-411093',
    'ABS',
    'Complex General Surgical Oncology',
  ),
  clinician(
    'pathology',
    'Dr Pat Pathologist',
    Specialty.Pathology,
    'MD-522710',
    'ABPath',
    'Anatomic and Clinical Pathology',
  ),
  clinician(
    'radiology',
    'Dr Rowan Radiologist',
    Specialty.Radiology,
    'MD-630045',
    'ABR',
    'Diagnostic Radiology',
  ),
];

/** Seeds the demo accounts into an empty database; a no-op once any account exists. */
export async function seedDemoData(users: UsersService): Promise<boolean> {
  const existing = await users.list({ limit: 1 });
  if (existing.total > 0) return false;
  for (const user of DEMO_USERS) await users.createActive(user, DEMO_PASSWORD);
  return true;
}
