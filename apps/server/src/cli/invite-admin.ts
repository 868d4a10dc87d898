import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { UsersService } from '@app/auth';
import { PlatformRole, SPECIALTIES, Specialty } from '@app/contracts';
import { migrateDatabase } from '@app/persistence';
import { DataSource } from 'typeorm';
import { ConfigError, loadConfigFromEnvironment } from '../config/app-config';
import { resolveSecrets } from '../config/secrets';
import { createApp } from '../create-app';
import { openDatabase } from '../database';

/**
 * `npm run admin:invite -- --email … --name … --institution … [--specialty …]`
 * creates an administrator invitation and prints its one-time token: how a
 * production installation (no demo data) gets its first administrator.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      institution: { type: 'string' },
      specialty: { type: 'string', default: Specialty.Other },
    },
  });
  if (
    !values.email ||
    !values.name ||
    !values.institution ||
    !SPECIALTIES.includes(values.specialty as Specialty)
  ) {
    process.stderr.write(
      `usage: npm run admin:invite -- --email EMAIL --name "DISPLAY NAME" --institution "INSTITUTION" [--specialty ${SPECIALTIES.join('|')}]\n`,
    );
    process.exit(2);
  }
  const config = { ...loadConfigFromEnvironment(), demoData: false, logLevel: 'warn' as const };
  const database = await openDatabase(config, () => undefined);
  try {
    const app = await createApp({
      config,
      databaseUrl: database.url,
      ...(await resolveSecrets(config)),
    });
    try {
      await migrateDatabase(app.get(DataSource));
      const invitation = await app.get(UsersService).invite({
        email: values.email,
        displayName: values.name,
        institution: values.institution,
        specialty: values.specialty as Specialty,
        role: PlatformRole.Admin,
      });
      process.stdout.write(
        `Administrator ${invitation.user.email} invited. Valid until ${invitation.invitationExpiresAt}.\n` +
          `POST /api/v1/auth/accept-invitation with {"invitationToken": "${invitation.invitationToken}", "password": "…"}\n`,
      );
    } finally {
      await app.close();
    }
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
