import http from 'node:http';
import { AddressInfo } from 'node:net';
import { DicomWebClient, keepsConnectionFor } from './dicomweb-client';
import { DicomWebSource } from './domain';

describe('keepsConnectionFor', () => {
  it('keeps a connection when the PACS announces at least twice the idle time', () => {
    expect(keepsConnectionFor('timeout=1', 500)).toBe(true);
    expect(keepsConnectionFor('timeout=5, max=100', 500)).toBe(true);
    expect(keepsConnectionFor('timeout=0', 500)).toBe(false);
    expect(keepsConnectionFor('timeout=1', 600)).toBe(false);
    expect(keepsConnectionFor('max=100', 500)).toBe(false);
    expect(keepsConnectionFor('', 500)).toBe(false);
  });
});

/**
 * A PACS on loopback that answers like Orthanc 1.10 (`Keep-Alive: timeout=1`) and, when told to,
 * drops a kept connection as the next request arrives on it.
 */
async function pacs(dropSecondRequestOnAConnection: boolean) {
  const connections: string[] = [];
  let requests = 0;
  const server = http.createServer((request, response) => {
    requests++;
    const socket = request.socket as typeof request.socket & { served?: number };
    socket.served = (socket.served ?? 0) + 1;
    if (dropSecondRequestOnAConnection && socket.served === 2) {
      socket.destroy();
      return;
    }
    response.writeHead(200, {
      'content-type': 'application/dicom+json',
      'keep-alive': 'timeout=1',
    });
    response.end('[]');
  });
  server.on('connection', (socket) => connections.push(`${socket.remotePort}`));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const source: DicomWebSource = {
    id: 'pacs',
    name: 'Loopback PACS',
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/dicom-web`,
    auth: { type: 'none' },
    connectTimeoutMs: 1_000,
    timeoutMs: 1_000,
  };
  return {
    source,
    connections,
    requests: () => requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('DicomWebClient connections', () => {
  const client = new DicomWebClient();
  afterAll(() => client.onModuleDestroy());

  const read = async (source: DicomWebSource) => {
    const answer = await client.open({
      source,
      path: '/studies',
      accept: 'application/dicom+json',
      signal: new AbortController().signal,
    });
    answer.resume();
    await new Promise((resolve) => answer.once('end', resolve));
    return answer.statusCode;
  };

  it('keeps the connection for the next request though the PACS announces only 1 s', async () => {
    const server = await pacs(false);
    try {
      for (let i = 0; i < 5; i++) expect(await read(server.source)).toBe(200);
      expect(server.requests()).toBe(5);
      expect(server.connections).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('sends a request again on a new connection when the PACS drops the kept one', async () => {
    const server = await pacs(true);
    try {
      expect(await read(server.source)).toBe(200);
      expect(await read(server.source)).toBe(200);
      expect(server.requests()).toBe(3);
      expect(server.connections).toHaveLength(2);
    } finally {
      await server.close();
    }
  });
});
