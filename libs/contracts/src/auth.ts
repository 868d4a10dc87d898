import { PlatformRole, Specialty, UserStatus } from './enums';

export interface MedicalLicence {
  number: string;
  jurisdiction: string;
  expiresOn?: string;
}

export interface BoardCertification {
  board: string;
  specialty: string;
  certifiedOn?: string;
}

export interface ProfessionalCredentials {
  licences: MedicalLicence[];
  boardCertifications: BoardCertification[];
}

export interface UserView {
  id: string;
  email: string;
  displayName: string;
  specialty: Specialty;
  institution: string;
  credentials: ProfessionalCredentials;
  role: PlatformRole;
  status: UserStatus;
  createdAt: string;
}

export interface TokenPair {
  tokenType: 'Bearer';
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
}

export interface InvitationView {
  user: UserView;
  /** One-time token the invitee exchanges for a password; shown only once. */
  invitationToken: string;
  invitationExpiresAt: string;
}
