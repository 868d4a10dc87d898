import { provisionOrthanc } from './global-setup';

/**
 * The e2e project's own global setup (beside the run's): jest runs it only when e2e tests are
 * part of the run, and the imaging tests among them drive a real Orthanc.
 */
export default function pacsSetup(): void {
  provisionOrthanc();
}
