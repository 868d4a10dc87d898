/** Clinical specialties a tumor board draws on. Values are stable API strings. */
export enum Specialty {
  MedicalOncology = 'medical_oncology',
  RadiationOncology = 'radiation_oncology',
  SurgicalOncology = 'surgical_oncology',
  Pathology = 'pathology',
  Radiology = 'radiology',
  NuclearMedicine = 'nuclear_medicine',
  Genetics = 'genetics',
  PalliativeCare = 'palliative_care',
  OncologyNursing = 'oncology_nursing',
  Pharmacy = 'pharmacy',
  Other = 'other',
}

export const SPECIALTIES: readonly Specialty[] = Object.values(Specialty);

/** Platform-wide role; board-level roles (chair, presenter…) live with boards. */
export enum PlatformRole {
  Admin = 'admin',
  User = 'user',
}

export enum UserStatus {
  Invited = 'invited',
  Active = 'active',
  Disabled = 'disabled',
}

/** A member's role on one board. */
export enum BoardRole {
  Coordinator = 'coordinator',
  Chair = 'chair',
  Presenter = 'presenter',
  Panelist = 'panelist',
  Observer = 'observer',
}

/** The Commission on Cancer's core disciplines: the default quorum. */
export const COC_REQUIRED_SPECIALTIES: readonly Specialty[] = [
  Specialty.MedicalOncology,
  Specialty.RadiationOncology,
  Specialty.SurgicalOncology,
  Specialty.Pathology,
  Specialty.Radiology,
];
