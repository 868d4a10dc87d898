import { boardSource } from './board-source';
import type { DicomWebSource } from './dicomweb-sources';

const source = (id: string): DicomWebSource => ({
  id,
  name: id.toUpperCase(),
  baseUrl: `https://${id}.example/dicom-web`,
  auth: { type: 'none' },
  connectTimeoutMs: 5_000,
  timeoutMs: 30_000,
});

const PACS = source('pacs');
const VNA = source('vna');
const BOTH = { sources: [PACS, VNA], defaultSourceId: 'pacs' };
const NONE = { sources: [], defaultSourceId: null };

describe("a board's imaging source", () => {
  it.each([
    ['no choice: the default', null, BOTH, PACS, true],
    ['the default chosen', 'pacs', BOTH, PACS, true],
    ['another source chosen', 'vna', BOTH, VNA, true],
    ['a source no longer configured: the default', 'gone', BOTH, PACS, false],
    ['no choice on a server without sources', null, NONE, null, true],
    ['a choice on a server without sources', 'pacs', NONE, null, false],
  ] as const)('%s', (_case, chosen, config, expected, configured) => {
    expect(
      boardSource(chosen, {
        sources: [...config.sources],
        defaultSourceId: config.defaultSourceId,
      }),
    ).toEqual({
      source: expected,
      configured,
    });
  });

  it('follows DICOMWEB_DEFAULT_SOURCE for a board without a choice', () => {
    expect(boardSource(null, { ...BOTH, defaultSourceId: 'vna' }).source).toBe(VNA);
    expect(boardSource('gone', { ...BOTH, defaultSourceId: 'vna' }).source).toBe(VNA);
  });
});
