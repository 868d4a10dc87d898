import type { UserView } from '@app/contracts';
import type { BoardView } from '../api/types';

/** The account and board most screen tests run as (tests only). */

export const BOARD_ID = '00000000-0000-4000-8000-0000000000b1';
export const ME_ID = '00000000-0000-4000-8000-0000000000c1';
export const OTHER_ID = '00000000-0000-4000-8000-0000000000c2';

export const me = {
  id: ME_ID,
  email: 'coordinator@example.org',
  displayName: 'Dana Coordinator',
  specialty: 'medical_oncology',
  institution: 'General Hospital',
  credentials: { licences: [], boardCertifications: [] },
  role: 'user',
  status: 'active',
  createdAt: '2026-01-01T00:00:00.000Z',
} as unknown as UserView;

/** The board, as the signed-in account with this role on it sees it. */
export const boardAs = (myRole: BoardView['myRole']): BoardView =>
  ({
    id: BOARD_ID,
    name: 'Thoracic board',
    tumourSites: ['lung'],
    institution: 'General Hospital',
    timezone: 'Europe/Paris',
    description: '',
    myRole,
    createdAt: '2026-01-01T00:00:00.000Z',
  }) as unknown as BoardView;
