import request from 'supertest';
import { Orthanc } from '@app/testing';
import { bearer, login } from '../../support/test-app';
import { BrowserApp, DEMO_PASSWORD } from './browser';

/**
 * A real PACS (Debian's Orthanc) for a browser spec: started and loaded by `load` before the app
 * (call this before `useBrowserApp`, so its hook runs first and `env` names the PACS as the app's
 * one DICOMweb source, `pacs`), stopped after the file.
 */
export function usePacs(
  env: Record<string, string>,
  load: (orthanc: Orthanc) => Promise<void>,
): void {
  let orthanc: Orthanc | undefined;
  beforeAll(async () => {
    orthanc = await Orthanc.start();
    await load(orthanc);
    Object.assign(env, {
      DICOMWEB_SOURCES: 'pacs',
      DICOMWEB_PACS_NAME: 'Radiology PACS',
      DICOMWEB_PACS_URL: orthanc.dicomWebUrl,
    });
  }, 120_000);
  afterAll(async () => {
    await orthanc?.stop();
  });
}

/** The id of a demo case, by its board's name and its patient reference, as the coordinator sees it. */
export async function demoCaseId(
  app: BrowserApp,
  board: string,
  patientRef: string,
): Promise<string> {
  const { accessToken } = await login(app.t, 'coordinator@demo.local', DEMO_PASSWORD);
  const boards = await request(app.t.http)
    .get('/api/v1/boards')
    .set(bearer(accessToken))
    .expect(200);
  const boardId = (boards.body as Array<{ id: string; name: string }>).find(
    (entry) => entry.name === board,
  )!.id;
  const cases = await request(app.t.http)
    .get(`/api/v1/boards/${boardId}/cases`)
    .set(bearer(accessToken))
    .expect(200);
  return (cases.body as Array<{ id: string; patientRef: string }>).find(
    (entry) => entry.patientRef === patientRef,
  )!.id;
}
