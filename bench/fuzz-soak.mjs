// Fuzzing soak: the OpenAPI-driven fuzzer of test/e2e/openapi-fuzz.e2e-spec.ts
// (every operation of the server's own OpenAPI document, requests generated
// from its schemas with hostile values mixed in, as an administrator, a
// coordinator or nobody) with BENCH_FUZZ_RUNS requests per operation (default
// 70: over ten thousand in all) and a fresh seed, against a real server on a
// real PostgreSQL (DATABASE_URL, or the tests' embedded one).
//
//   npm run bench:fuzz
//
// Prints one JSON object and exits non-zero if any request answered 5xx; the
// failing requests, with the seed to replay them (FUZZ_SEED), are in jest's output.
import { spawnSync } from 'node:child_process';
import { envNumber } from './notes/util.mjs';

const runs = envNumber('BENCH_FUZZ_RUNS', 70);
const seed = envNumber('BENCH_FUZZ_SEED', Math.floor(Math.random() * 2 ** 31));
const started = Date.now();
const result = spawnSync(
  process.execPath,
  [
    'node_modules/jest/bin/jest.js',
    '--selectProjects',
    'e2e',
    '--runTestsByPath',
    'test/e2e/openapi-fuzz.e2e-spec.ts',
  ],
  {
    env: { ...process.env, FUZZ_RUNS: String(runs), FUZZ_SEED: String(seed) },
    encoding: 'utf8',
  },
);
const output = `${result.stdout}${result.stderr}`;
const summary = JSON.parse(/fuzz summary (\{.*\})/.exec(output)?.[1] ?? '{}');
const passed = result.status === 0;
console.log(
  JSON.stringify({
    seed,
    operations: summary.operations ?? null,
    requests: summary.requests ?? null,
    serverErrors: summary.serverErrors ?? null,
    passed,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  }),
);
if (!passed) {
  console.error(output);
  process.exit(1);
}
