import type { Specialty } from '@app/contracts';
import { asSpecialty, specialtyColour } from './colours';

/**
 * Who a client is, as it announces itself in the awareness `user` field: y-codemirror.next's
 * convention (name, color, colorLight) plus the user's id and specialty.
 */
export interface AwarenessUser {
  id: string;
  name: string;
  specialty: Specialty;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** This user's awareness state. */
export function announcement(user: { id: string; displayName: string; specialty: string }) {
  const specialty = asSpecialty(user.specialty);
  return {
    user: { id: user.id, name: user.displayName, specialty, ...specialtyColour(specialty) },
  };
}

/** Another client's user, read defensively: its state is whatever that client sent. */
export function userOf(state: unknown): AwarenessUser | null {
  if (!isRecord(state) || !isRecord(state.user)) return null;
  const { id, name, specialty } = state.user;
  if (typeof id !== 'string' || typeof name !== 'string') return null;
  return { id, name, specialty: asSpecialty(specialty) };
}
