import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

interface LintCase {
  file: string;
  source: string;
}

interface LintResult {
  /** The rules that reported, errors and warnings alike. */
  rules: string[];
  errors: number;
}

/**
 * Lints each source text as if it lived at its file, with the project's real ESLint config, in
 * one ESLint process (Jest's module loader cannot load the ES-module config itself).
 */
const LINT_CASES = `
const { ESLint } = require('eslint');
const chunks = [];
process.stdin.on('data', (chunk) => chunks.push(chunk));
process.stdin.on('end', async () => {
  const eslint = new ESLint();
  const results = [];
  for (const { file, source } of JSON.parse(Buffer.concat(chunks).toString('utf8'))) {
    const [result] = await eslint.lintText(source, { filePath: file });
    results.push({
      rules: result.messages.map((message) => message.ruleId ?? message.message),
      errors: result.errorCount,
    });
  }
  process.stdout.write(JSON.stringify(results));
});
`;

function lintAll(cases: LintCase[]): LintResult[] {
  const result = spawnSync(process.execPath, ['-e', LINT_CASES], {
    cwd: ROOT,
    input: JSON.stringify(cases),
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`ESLint failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as LintResult[];
}

const REFUSED: Array<[name: string, file: string, source: string, rule: string]> = [
  [
    'core importing a context lib',
    'libs/core/src/x.ts',
    `import { AuthModule } from '@app/auth';\nexport const x = AuthModule;\n`,
    'boundaries/dependencies',
  ],
  [
    'contracts importing persistence',
    'libs/contracts/src/x.ts',
    `import { UnitOfWork } from '@app/persistence';\nexport const x = UnitOfWork;\n`,
    'boundaries/dependencies',
  ],
  [
    'auth importing audit',
    'libs/auth/src/x.ts',
    `import { AuditModule } from '@app/audit';\nexport const x = AuditModule;\n`,
    'boundaries/dependencies',
  ],
  [
    'a lib importing the app',
    'libs/auth/src/x.ts',
    `import { createApp } from '../../../apps/server/src/create-app';\nexport const x = createApp;\n`,
    'no-restricted-imports',
  ],
  [
    'a deep import past a lib index',
    'apps/server/src/x.ts',
    `import { UsersService } from '@app/auth/users.service';\nexport const x = UsersService;\n`,
    'no-restricted-imports',
  ],
  [
    'a relative path into another lib',
    'libs/audit/src/x.ts',
    `import { User } from '../../auth/src/user.entity';\nexport const x = User;\n`,
    'no-restricted-imports',
  ],
  [
    'production code importing the testing lib',
    'apps/server/src/x.ts',
    `import { TcpProxy } from '@app/testing';\nexport const x = TcpProxy;\n`,
    'boundaries/dependencies',
  ],
  [
    'a lib importing the testing lib outside its specs',
    'libs/voting/src/x.ts',
    `import { pdfText } from '@app/testing';\nexport const x = pdfText;\n`,
    'boundaries/dependencies',
  ],
  [
    'a lib spec importing test support by a relative path',
    'libs/voting/src/x.spec.ts',
    `import { waitFor } from '../../../test/support/collab';\nexport const x = waitFor;\n`,
    'boundaries/dependencies',
  ],
  [
    'domain code loading another context lib at run time',
    'libs/quality/src/domain/x.ts',
    `import { SecondOpinionLookup } from '@app/second-opinions';\nexport const x = SecondOpinionLookup;\n`,
    '@typescript-eslint/no-restricted-imports',
  ],
  [
    'domain code importing Nest',
    'libs/voting/src/domain/x.ts',
    `import { Injectable } from '@nestjs/common';\nexport const x = Injectable;\n`,
    '@typescript-eslint/no-restricted-imports',
  ],
];

const ALLOWED: Array<[name: string, file: string, source: string]> = [
  [
    'a context lib importing core, contracts, persistence and auth',
    'libs/audit/src/x.ts',
    `import { newId } from '@app/core';\nimport { Specialty } from '@app/contracts';\nimport { UnitOfWork } from '@app/persistence';\nimport { RequireRole } from '@app/auth';\nexport const x = [newId, Specialty, UnitOfWork, RequireRole];\n`,
  ],
  [
    'the app composing libs',
    'apps/server/src/x.ts',
    `import { AuditModule } from '@app/audit';\nimport { AuthModule } from '@app/auth';\nexport const x = [AuditModule, AuthModule];\n`,
  ],
  [
    'a lib spec using the shared fixtures of the testing lib',
    'libs/voting/src/x.spec.ts',
    `import { lungReport } from '@app/testing';\nexport const x = lungReport;\n`,
  ],
  [
    'domain code taking values from core and contracts and a type from another lib',
    'libs/quality/src/domain/x.ts',
    `import type { DeliveredOpinionRecord } from '@app/second-opinions';\nimport { days } from '@app/core';\nimport { Specialty } from '@app/contracts';\nexport const x = (record: DeliveredOpinionRecord) => [record, days, Specialty];\n`,
  ],
];

describe('lib import rules (npm run lint)', () => {
  let refused: LintResult[];
  let allowed: LintResult[];

  beforeAll(() => {
    const results = lintAll([...REFUSED, ...ALLOWED].map(([, file, source]) => ({ file, source })));
    refused = results.slice(0, REFUSED.length);
    allowed = results.slice(REFUSED.length);
  });

  it.each(REFUSED.map((entry, index) => [...entry, index] as const))(
    'fails on %s',
    (_name, _file, _source, rule, index) => {
      expect(refused[index].rules).toContain(rule);
      expect(refused[index].errors).toBeGreaterThan(0);
    },
  );

  it.each(ALLOWED.map((entry, index) => [...entry, index] as const))(
    'allows %s',
    (_name, _file, _source, index) => {
      expect(allowed[index]).toEqual({ rules: [], errors: 0 });
    },
  );
});

describe('pure domain code (libs/<lib>/src/domain)', () => {
  it('loads no other context lib, Nest or TypeORM at run time', () => {
    const result = spawnSync(
      process.execPath,
      [
        resolve(ROOT, 'node_modules/eslint/bin/eslint.js'),
        '--format',
        'json',
        'libs/*/src/domain/**/*.ts',
      ],
      { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    expect(result.stderr).toBe('');
    const files: Array<{ filePath: string; messages: Array<{ ruleId: string; message: string }> }> =
      JSON.parse(result.stdout);
    const loads = files.flatMap((file) =>
      file.messages
        .filter((message) => message.ruleId === '@typescript-eslint/no-restricted-imports')
        .map((message) => `${file.filePath.slice(ROOT.length + 1)}: ${message.message}`),
    );
    expect(loads).toEqual([]);
  });
});
