// Fuzzing soak: the fuzzers of the test suite with many more cases and a fresh seed, against a
// real server on a real PostgreSQL (DATABASE_URL, or the tests' embedded one):
// - the OpenAPI-driven fuzzer of test/e2e/openapi-fuzz.e2e-spec.ts (every operation of the
//   server's own OpenAPI document, requests generated from its schemas with hostile values mixed
//   in, as an administrator, a coordinator or nobody), BENCH_FUZZ_RUNS requests per operation
//   (default 70: over ten thousand in all);
// - the socket and Yjs fuzzer of test/e2e/socket-fuzz.e2e-spec.ts (every event of the /meetings
//   gateways, and unknown ones, with malformed payloads from members in a real meeting; frames of
//   every kind on a note's y-websocket), BENCH_SOCKET_FUZZ_RUNS calls per event and six times as
//   many Yjs frames (default 500: about ten thousand calls and three thousand frames).
//
//   npm run bench:fuzz
//
// Prints one JSON object and exits non-zero if any request answered 5xx, any socket call was
// answered `internal`, not at all or by a disconnection, or any frame got an undocumented answer;
// the failing cases, with the seed to replay them (FUZZ_SEED), are in jest's output.
import { spawnSync } from 'node:child_process';
import { envNumber } from './notes/util.mjs';

const runs = envNumber('BENCH_FUZZ_RUNS', 70);
const socketRuns = envNumber('BENCH_SOCKET_FUZZ_RUNS', 500);
const seed = envNumber('BENCH_FUZZ_SEED', Math.floor(Math.random() * 2 ** 31));

/** Runs one spec file with its case count and the seed; returns its summaries and whether it passed. */
function soak(spec, fuzzRuns) {
  const started = Date.now();
  const result = spawnSync(
    process.execPath,
    ['node_modules/jest/bin/jest.js', '--selectProjects', 'e2e', '--runTestsByPath', spec],
    {
      env: { ...process.env, FUZZ_RUNS: String(fuzzRuns), FUZZ_SEED: String(seed) },
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  const output = `${result.stdout}${result.stderr}`;
  const summary = (name) =>
    JSON.parse(new RegExp(`${name} summary (\\{.*\\})`).exec(output)?.[1] ?? '{}');
  return {
    output,
    summary,
    passed: result.status === 0,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
}

const http = soak('test/e2e/openapi-fuzz.e2e-spec.ts', runs);
const sockets = soak('test/e2e/socket-fuzz.e2e-spec.ts', socketRuns);
const requests = http.summary('fuzz');
const calls = sockets.summary('socket fuzz');
const frames = sockets.summary('yjs fuzz');
const passed = http.passed && sockets.passed;
console.log(
  JSON.stringify({
    seed,
    http: {
      operations: requests.operations ?? null,
      requests: requests.requests ?? null,
      serverErrors: requests.serverErrors ?? null,
      passed: http.passed,
      seconds: http.seconds,
    },
    sockets: {
      events: calls.events ?? null,
      calls: calls.calls ?? null,
      serverErrors: calls.serverErrors ?? null,
      seconds: calls.seconds ?? null,
    },
    yjs: {
      frames: frames.frames ?? null,
      serverErrors: frames.serverErrors ?? null,
      seconds: frames.seconds ?? null,
    },
    passed,
    seconds: Math.round((http.seconds + sockets.seconds) * 10) / 10,
  }),
);
if (!passed) {
  if (!http.passed) console.error(http.output);
  if (!sockets.passed) console.error(sockets.output);
  process.exit(1);
}
