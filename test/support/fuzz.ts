/** Deterministic pseudo-random generator, so a failing case can be replayed from its seed. */
export function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Request bodies no endpoint should accept: malformed JSON, wrong shapes, injection attempts. */
export const MALFORMED_BODIES = [
  '{',
  '{"email": "a@b.c", "password": }',
  'null',
  '[]',
  '"string"',
  '12345',
  'true',
  '{"__proto__": {"admin": true}}',
  '{"constructor": {"prototype": {"x": 1}}}',
  '{"email": {"$ne": null}, "password": {"$gt": ""}}',
  '{"email": ["a@b.c"], "password": ["x"]}',
  '{"email": "a@b.c", "password": "x", "role": "admin"}',
  `{"displayName": "${'x'.repeat(10_000)}"}`,
  '{"credentials": {"licences": "none", "boardCertifications": 7}}',
  '{"credentials": {"licences": [{"number": 1}], "boardCertifications": [null]}}',
  '{"specialty": "astrology"}',
  '{"status": "deleted"}',
  '\u0000\u0001\u0002',
  '{"a":'.repeat(5000),
  JSON.stringify({ email: 'x@y.z', password: 'p'.repeat(1000) }),
  '{"name": 42, "tumourSites": "lung", "timezone": "Mars/Olympus"}',
  '{"quorumPolicy": {"requiredSpecialties": ["astrology"], "minVotingMembers": -1}}',
  '{"votingPolicy": {"threshold": {"kind": "custom", "percent": 40}}}',
  '{"startLocal": "tomorrow", "durationMinutes": 0, "rrule": "FREQ=SECONDLY"}',
  '{"rrule": "DTSTART:20260101T000000Z\\nRRULE:FREQ=DAILY", "title": "x", "startLocal": "2030-01-01T07:30", "durationMinutes": 30}',
  '{"patientRef": "../../etc/passwd", "birthYear": 1800, "sex": "x"}',
  '{"staging": {"edition": 8, "clinical": {"t": "T9"}}}',
  '{"diagnosis": {"icd10": "DROP TABLE"}}',
  '{"biomarkers": [{"name": ""}]}',
  '{"ecog": 7, "version": "one"}',
  '{"version": 1, "diagnosis": null}',
  '{"version": 1, "question": null, "priority": null, "biomarkers": null}',
  '{"version": 1, "referral": null, "clinicalSummary": null, "staging": null}',
  '{"itemIds": ["not-a-uuid"]}',
  '{"itemIds": null}',
  '{"caseId": "x", "minutesAllotted": 100000}',
  '{"kind": "imaging_study", "title": "x", "dicom": {"studyInstanceUid": "1..2", "modality": "ct"}}',
  '{"criteria": [{"kind": "recent_record", "withinDays": 0}]}',
  '{"status": "recommendation_published"}',
  '{"patientRef": "OK-1234", "birthYear": 1960, "sex": "female"}',
  '{"patientRef": "OK-1235", "birthYear": 1960, "sex": "female", "referral": {"type": "external_second_opinion", "referringPhysician": "Dr X", "referringInstitution": "Elsewhere"}}',
  '{"name": "Board", "tumourSites": ["lung"], "institution": "General", "timezone": "UTC", "votingPolicy": {"abstentionsCountTowardQuorum": true, "blindUntilClose": true, "chairCastingVote": false}}',
];

/** Strings that broke servers before, or might: NUL, injection, bigint overflow, upper-case ids, impossible dates, huge. */
export const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  "x' OR '1'='1",
  '../../etc/passwd',
  '%00',
  '\uD800',
  '🩺'.repeat(50),
  'x'.repeat(5_000),
  '99999999999999999999',
  '-1',
  '1e308',
  'NaN',
  'null',
  'true',
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  '3F2504E0-4F89-41D3-9A0C-0305E82C3301',
  '2026-02-30',
  '2026-12-06T25:61:00Z',
];
