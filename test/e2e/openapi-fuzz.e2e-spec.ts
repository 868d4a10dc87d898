import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { PlatformRole, Specialty } from '@app/contracts';
import { Person, boardWithPanel, completeCase, person } from '../support/clinical';
import { FuzzRequest, OpenApiDocument, operationsOf } from '../support/openapi-fuzz';
import { TestApp, bearer, startTestApp } from '../support/test-app';

/** Requests per operation; `FUZZ_RUNS` raises it (the soak in bench/ sends ten thousand and more). */
const RUNS = Number(process.env.FUZZ_RUNS ?? 20);
/** Fixed by default so a failure replays; `FUZZ_SEED` explores others. */
const SEED = Number(process.env.FUZZ_SEED ?? 20261206);

/** Operations that would end the callers' own sessions and leave the rest of the run unauthenticated. */
const SESSION_ENDING = new Set(['post /api/v1/auth/logout', 'post /api/v1/auth/password']);

/**
 * A schema-driven fuzzer over every operation of the server's own OpenAPI
 * document: for each, requests built from its parameters' and body's schemas,
 * mostly well formed, with hostile values, missing and unknown fields mixed
 * in, as an administrator, a coordinator or nobody, against real ids and
 * random ones. Nothing may answer 5xx.
 */
describe('OpenAPI-driven fuzzing: no request answers 5xx', () => {
  let t: TestApp;
  let admin: Person;
  let coordinator: Person;
  let ids: string[];
  const document = JSON.parse(
    readFileSync(join(__dirname, '../../apps/web/src/api/openapi.json'), 'utf8'),
  ) as OpenApiDocument;

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT: '10000' });
    admin = await person(t, Specialty.Radiology, PlatformRole.Admin);
    const panel = await boardWithPanel(t, 'Fuzz Board');
    coordinator = panel.coordinator;
    const created = await request(t.http)
      .post(`/api/v1/boards/${panel.boardId}/cases`)
      .set(bearer(coordinator.token))
      .send(completeCase('OF-001'))
      .expect(201);
    const series = await request(t.http)
      .post(`/api/v1/boards/${panel.boardId}/meetings`)
      .set(bearer(coordinator.token))
      .send({
        title: 'Fuzz meeting',
        startLocal: `${new Date(Date.now() + 4 * 86_400_000).toISOString().slice(0, 10)}T08:00`,
        durationMinutes: 60,
      })
      .expect(201);
    const meetingId: string = series.body.meetings[0].id;
    const agenda = await request(t.http)
      .post(`/api/v1/meetings/${meetingId}/agenda`)
      .set(bearer(coordinator.token))
      .send({
        caseId: created.body.id,
        minutesAllotted: 10,
        presenterId: panel.members.presenter.user.id,
        overrideReason: 'fuzz setup',
      })
      .expect(201);
    ids = [
      panel.boardId,
      created.body.id,
      meetingId,
      agenda.body.items[0].id,
      ...Object.values(panel.members).map((member) => member.user.id),
    ];
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it(`sends ${RUNS} generated requests to every operation and gets no 5xx`, async () => {
    const operations = operationsOf(document, ids, (method, path) =>
      SESSION_ENDING.has(`${method} ${path}`),
    );
    expect(operations.length).toBeGreaterThan(100);
    const failures: Array<FuzzRequest & { status: number; answer: unknown }> = [];
    let sent = 0;
    for (const [index, operation] of operations.entries()) {
      for (const generated of fc.sample(operation.requests, {
        numRuns: RUNS,
        seed: SEED + index,
      })) {
        const call = request(t.http)
          [generated.method as 'get'](generated.path)
          .query(generated.query);
        if (generated.as !== 'anonymous')
          call.set(bearer(generated.as === 'admin' ? admin.token : coordinator.token));
        const { body } = generated;
        const response = await (body === undefined
          ? call
          : typeof body === 'object' && body !== null
            ? call.send(body)
            : call.set('Content-Type', 'application/json').send(JSON.stringify(body)));
        sent += 1;
        if (response.status >= 500)
          failures.push({ ...generated, status: response.status, answer: response.body });
      }
    }
    // Read by bench/fuzz-soak.mjs.
    console.log(
      `fuzz summary ${JSON.stringify({ operations: operations.length, requests: sent, serverErrors: failures.length, seed: SEED })}`,
    );
    expect(sent).toBe(operations.length * RUNS);
    expect(failures).toEqual([]);
  }, 600_000);
});
