export * from './auth.module';
export * from './auth.service';
export * from './users.service';
export * from './access-token.service';
export * from './access.guard';
export * from './authenticated-user';
export * from './auth-settings';
export * from './user.entity';
export * from './auth-session.entity';
export * from './refresh-token.entity';
export * from './domain/password-policy';
export * from './domain/lockout';
export * from './domain/refresh-rotation';
import { AuthSession } from './auth-session.entity';
import { RefreshToken } from './refresh-token.entity';
import { User } from './user.entity';

export const AUTH_ENTITIES = [User, AuthSession, RefreshToken];
