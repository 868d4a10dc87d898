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
