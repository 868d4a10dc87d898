import { Specialty } from '@app/contracts';

export interface SpecialtyColour {
  /** The caret, the name label's background (under white text) and the presence dot. */
  color: string;
  /** A remote selection's background, under the document's own text. */
  colorLight: string;
}

/**
 * One colour per specialty, so a reader tells at a glance whose cursor it is. Each is dark enough
 * for the white name label on it (at least 4.5:1) and distinct in hue from the others.
 */
const COLOURS: Record<Specialty, string> = {
  [Specialty.MedicalOncology]: '#1d4ed8',
  [Specialty.RadiationOncology]: '#7e22ce',
  [Specialty.SurgicalOncology]: '#b91c1c',
  [Specialty.Pathology]: '#be185d',
  [Specialty.Radiology]: '#0f766e',
  [Specialty.NuclearMedicine]: '#a16207',
  [Specialty.Genetics]: '#15803d',
  [Specialty.PalliativeCare]: '#4d7c0f',
  [Specialty.OncologyNursing]: '#c2410c',
  [Specialty.Pharmacy]: '#0369a1',
  [Specialty.Other]: '#475569',
};

const SPECIALTIES = new Set<string>(Object.values(Specialty));

/** The specialty a value names; anything unknown (another client's state) counts as Other. */
export function asSpecialty(value: unknown): Specialty {
  return typeof value === 'string' && SPECIALTIES.has(value)
    ? (value as Specialty)
    : Specialty.Other;
}

export function specialtyColour(specialty: Specialty): SpecialtyColour {
  const color = COLOURS[specialty];
  // 20% of the colour over the page: a tint the text stays readable on.
  return { color, colorLight: `${color}33` };
}
