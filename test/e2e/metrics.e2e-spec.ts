import { readFileSync } from 'node:fs';
import { Server, createServer } from 'node:http';
import { AddressInfo, connect } from 'node:net';
import { resolve } from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import { BoardRole } from '@app/contracts';
import { MediaService, WorkerPool } from '@app/media';
import { findFreePort } from '@app/persistence';
import { MetricsServer } from '../../apps/server/src/metrics/metrics-server';
import { waitFor } from '../support/collab';
import { LiveClient, connectLive, emitLive, listen } from '../support/live';
import { PanelBoard, publishedRecommendation, recommendationBoard } from '../support/outcomes';
import { TestApp, bearer, startTestApp } from '../support/test-app';

const TOKEN = '5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8';
const EXPOSITION = 'text/plain; version=0.0.4; charset=utf-8';

/** Every series the issue names (process metrics by two of prom-client's defaults). */
const SERIES = [
  'tumorboard_http_request_duration_seconds',
  'tumorboard_socketio_connections',
  'tumorboard_meeting_rooms',
  'tumorboard_notes_documents',
  'tumorboard_notes_connections',
  'tumorboard_notes_pending_writes',
  'tumorboard_notes_failing_documents',
  'tumorboard_media_workers',
  'tumorboard_media_workers_configured',
  'tumorboard_media_routers',
  'tumorboard_media_transports',
  'tumorboard_media_producers',
  'tumorboard_media_consumers',
  'tumorboard_media_worker_deaths_total',
  'tumorboard_media_worker_cpu_seconds_total',
  'tumorboard_ballots_cast_total',
  'tumorboard_vote_duration_seconds',
  'tumorboard_webhook_queue_depth',
  'tumorboard_webhook_attempts_total',
  'tumorboard_db_pool_in_use',
  'tumorboard_db_pool_idle',
  'tumorboard_db_pool_waiting',
  'tumorboard_db_pool_max',
  'process_cpu_seconds_total',
  'nodejs_eventloop_lag_seconds',
];

/** The value of one sample of the exposition, by name and labels; undefined when absent. */
function sample(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, k, v]) => [k, v]),
    );
    if (Object.entries(labels).every(([key, value]) => found[key] === value))
      return Number(match[3]);
  }
  return undefined;
}

/** Sends bytes as they are (no client normalising the path or the headers); the status line's code. */
function raw(port: number, message: string | Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.setTimeout(5_000, () => socket.destroy(new Error('no answer within 5 s')));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const status = /^HTTP\/1\.1 (\d{3})/.exec(Buffer.concat(chunks).toString('latin1'));
      resolve(status ? Number(status[1]) : 0);
    });
    socket.end(message);
  });
}

describe('Prometheus metrics on the main port, behind the bearer token', () => {
  let t: TestApp;
  let url: string;
  let board: PanelBoard;
  let receiver: Server;
  const sockets: LiveClient[] = [];

  const scrape = async (): Promise<string> =>
    (await request(t.http).get('/metrics').set(bearer(TOKEN)).expect(200)).text;

  beforeAll(async () => {
    t = await startTestApp({
      METRICS_ENABLED: 'true',
      METRICS_TOKEN: TOKEN,
      WEBHOOK_POLL_MS: '100',
    });
    url = await listen(t);
    board = await recommendationBoard(t, 'Metrics Board');
    receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  }, 120_000);

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await t.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('refuses a scrape without the token, or with a wrong one', async () => {
    const anonymous = await request(t.http).get('/metrics').expect(401);
    expect(anonymous.headers['www-authenticate']).toBe('Bearer realm="metrics"');
    expect(anonymous.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    expect(anonymous.text).not.toContain('tumorboard_');
    for (const authorization of [
      'Bearer 0000000000000000000000000000000000000000000000000000000000000000',
      `Bearer ${TOKEN.slice(0, -1)}`,
      `Bearer ${TOKEN}0`,
      `Basic ${Buffer.from(`prometheus:${TOKEN}`).toString('base64')}`,
      TOKEN,
    ]) {
      const refused = await request(t.http).get('/metrics').set('Authorization', authorization);
      expect({ authorization, status: refused.status }).toEqual({ authorization, status: 401 });
    }
    // A browser asking for a page gets the refusal too, never the web client's shell.
    await request(t.http).get('/metrics').set('Accept', 'text/html').expect(401);
  });

  it('answers the right token with the exposition format, never cached, every series present', async () => {
    const response = await request(t.http).get('/metrics').set(bearer(TOKEN)).expect(200);
    expect(response.headers['content-type']).toBe(EXPOSITION);
    expect(response.headers['cache-control']).toBe('no-store');
    for (const name of SERIES) expect(response.text).toContain(`# TYPE ${name} `);
    expect(sample(response.text, 'tumorboard_media_workers')).toBe(1);
    expect(sample(response.text, 'tumorboard_media_workers_configured')).toBe(1);
    expect(sample(response.text, 'tumorboard_db_pool_max')).toBe(10);
    expect(
      sample(response.text, 'tumorboard_media_worker_cpu_seconds_total', {
        worker: '0',
        mode: 'user',
      }),
    ).toBeGreaterThan(0);
    expect(sample(response.text, 'tumorboard_webhook_queue_depth')).toBe(0);
    for (const outcome of ['delivered', 'retrying', 'failed'])
      expect(sample(response.text, 'tumorboard_webhook_attempts_total', { outcome })).toBe(0);

    const head = await request(t.http).head('/metrics').set(bearer(TOKEN)).expect(200);
    expect(head.headers['content-type']).toBe(EXPOSITION);
  });

  it('exposes every series, with the labels, that the shipped alert rules watch', async () => {
    const rules = parse(
      readFileSync(resolve(__dirname, '../../docker/prometheus/alerts.yml'), 'utf8'),
    ) as { groups: Array<{ rules: Array<{ alert: string; expr: string }> }> };
    const watched = rules.groups
      .flatMap((group) => group.rules)
      .flatMap(({ alert, expr }) =>
        [...expr.matchAll(/\b(tumorboard_\w+)(?:\{([^}]*)\})?/g)].map(([, name, selector]) => ({
          alert,
          name,
          labels: Object.fromEntries(
            [...(selector ?? '').matchAll(/(\w+)="([^"]*)"/g)].map(([, key, value]) => [
              key,
              value,
            ]),
          ),
        })),
      );
    expect(watched.length).toBeGreaterThanOrEqual(6);
    const text = await scrape();
    for (const { alert, name, labels } of watched)
      expect({ alert, name, labels, scraped: sample(text, name, labels) !== undefined }).toEqual({
        alert,
        name,
        labels,
        scraped: true,
      });
  });

  it('lives at /metrics only: not under the API prefix, not in the client, GET only, no parameters', async () => {
    await request(t.http).get('/api/v1/metrics').set(bearer(TOKEN)).expect(404);
    await request(t.http)
      .get('/metrics/')
      .set(bearer(TOKEN))
      .set('Accept', 'text/html')
      .expect(404);
    await request(t.http).post('/metrics').set(bearer(TOKEN)).expect(405);
    await request(t.http).get('/metrics?name[]=x').set(bearer(TOKEN)).expect(400);
  });

  it('times HTTP requests by route template and status, never by the raw URL', async () => {
    const route = { method: 'GET', route: '/api/v1/boards/:boardId', status: '200' };
    const count = async () =>
      sample(await scrape(), 'tumorboard_http_request_duration_seconds_count', route) ?? 0;
    const before = await count();
    for (let i = 0; i < 3; i++) {
      await request(t.http)
        .get(`/api/v1/boards/${board.boardId}`)
        .set(bearer(board.coordinator.token))
        .expect(200);
    }
    await request(t.http).get('/api/v1/no-such-thing/5e884898da28').expect(404);
    await request(t.http).get('/health').expect(200);

    const text = await scrape();
    expect(sample(text, 'tumorboard_http_request_duration_seconds_count', route)).toBe(before + 3);
    expect(
      sample(text, 'tumorboard_http_request_duration_seconds_count', {
        route: '/health',
        status: '200',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'tumorboard_http_request_duration_seconds_count', {
        route: 'unmatched',
        status: '404',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain(board.boardId);
    expect(text).not.toContain('no-such-thing');
  });

  it('counts the sockets on /meetings and the meetings they joined', async () => {
    const gauges = async () => {
      const text = await scrape();
      return [
        sample(text, 'tumorboard_socketio_connections'),
        sample(text, 'tumorboard_meeting_rooms'),
      ];
    };
    expect(await gauges()).toEqual([0, 0]);
    const chair = await connectLive(url, board.members.chair.token);
    sockets.push(chair, await connectLive(url, board.members.panelist.token));
    await waitFor(async () => (await gauges())[0] === 2, 5_000, 'two connections');
    expect(await gauges()).toEqual([2, 0]);

    const joined = await emitLive(chair, 'meeting:join', { meetingId: board.meetingId });
    expect(joined.ok).toBe(true);
    expect(await gauges()).toEqual([2, 1]);

    chair.disconnect();
    await waitFor(async () => (await gauges())[0] === 1, 5_000, 'the chair gone');
    expect(await gauges()).toEqual([1, 0]);
  });

  it('counts the media routers, transports, producers and consumers, until they close', async () => {
    const media = t.app.get(MediaService);
    const { meetingId, members } = board;
    const counts = async () => {
      const text = await scrape();
      return ['routers', 'transports', 'producers', 'consumers'].map((kind) =>
        sample(text, `tumorboard_media_${kind}`),
      );
    };
    expect(await counts()).toEqual([0, 0, 0, 0]);

    const { routerRtpCapabilities } = await media.join(
      meetingId,
      'metrics-sender',
      members.chair.user.id,
      BoardRole.Chair,
    );
    await media.join(meetingId, 'metrics-receiver', members.panelist.user.id, BoardRole.Panelist);
    const send = await media.createTransport(meetingId, 'metrics-sender', 'send');
    const recv = await media.createTransport(meetingId, 'metrics-receiver', 'recv');
    expect(await counts()).toEqual([1, 2, 0, 0]);

    const { producerId } = await media.produce(
      meetingId,
      'metrics-sender',
      send.id,
      'audio',
      {
        codecs: [
          {
            mimeType: 'audio/opus',
            payloadType: 111,
            clockRate: 48000,
            channels: 2,
            parameters: {},
            rtcpFeedback: [],
          },
        ],
        headerExtensions: [],
        encodings: [{ ssrc: 11_111_111 }],
        rtcp: { cname: 'metrics' },
      },
      'microphone',
    );
    await media.consume(meetingId, 'metrics-receiver', recv.id, producerId, routerRtpCapabilities);
    expect(await counts()).toEqual([1, 2, 1, 1]);

    // The sender leaves: its transport and stream close, and the stream's consumer with them
    // (once the worker has told the consumer its producer closed: asynchronously).
    media.leave(meetingId, 'metrics-sender');
    const settled = async (expected: number[]) => {
      await waitFor(
        async () => JSON.stringify(await counts()) === JSON.stringify(expected),
        5_000,
        `media counts ${expected.join(', ')}`,
      );
      expect(await counts()).toEqual(expected);
    };
    await settled([1, 1, 0, 0]);
    media.leave(meetingId, 'metrics-receiver');
    await settled([0, 0, 0, 0]);
  });

  it('counts ballots, times the vote from opening to closing, and counts the webhook attempts', async () => {
    const port = (receiver.address() as AddressInfo).port;
    await request(t.http)
      .post(`/api/v1/boards/${board.boardId}/webhooks`)
      .set(bearer(board.coordinator.token))
      .send({ url: `http://127.0.0.1:${port}/tumor-board`, secret: 'metrics-webhook-secret-2026' })
      .expect(201);
    const before = await scrape();

    await publishedRecommendation(t, board, 'MX-1');

    let after = '';
    await waitFor(
      async () => {
        after = await scrape();
        return (
          (sample(after, 'tumorboard_webhook_attempts_total', { outcome: 'delivered' }) ?? 0) > 0
        );
      },
      10_000,
      'the webhook delivered',
    );
    expect(sample(after, 'tumorboard_ballots_cast_total')).toBe(
      sample(before, 'tumorboard_ballots_cast_total')! + 1,
    );
    expect(sample(after, 'tumorboard_vote_duration_seconds_count')).toBe(
      sample(before, 'tumorboard_vote_duration_seconds_count')! + 1,
    );
    expect(sample(after, 'tumorboard_vote_duration_seconds_sum')).toBeGreaterThanOrEqual(0);
    expect(sample(after, 'tumorboard_webhook_attempts_total', { outcome: 'delivered' })).toBe(1);
    expect(sample(after, 'tumorboard_webhook_attempts_total', { outcome: 'failed' })).toBe(0);
    expect(sample(after, 'tumorboard_webhook_queue_depth')).toBe(0);
  });
});

describe('Prometheus metrics on a port of their own', () => {
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    t = await startTestApp({
      METRICS_ENABLED: 'true',
      METRICS_PORT: String(await findFreePort()),
      METRICS_HOST: '127.0.0.1',
    });
    port = (await t.app.get(MetricsServer).listen())!.port;
  }, 120_000);

  afterAll(() => t.close());

  const scrapePort = () => request(`http://127.0.0.1:${port}`);

  it('serves /metrics there without a token, and nothing at /metrics on the main port', async () => {
    const response = await scrapePort().get('/metrics').expect(200);
    expect(response.headers['content-type']).toBe(EXPOSITION);
    for (const name of SERIES) expect(response.text).toContain(`# TYPE ${name} `);

    await request(t.http).get('/metrics').expect(404);
    await request(t.http).get('/metrics').set('Accept', 'text/html').expect(404);
    await request(t.http).get('/metrics').set(bearer(TOKEN)).expect(404);
  });

  it('counts a media worker that died, and sees it replaced', async () => {
    const metric = async (name: string) =>
      sample((await scrapePort().get('/metrics').expect(200)).text, name);
    expect(await metric('tumorboard_media_worker_deaths_total')).toBe(0);
    const [worker] = t.app.get(WorkerPool).workers();
    process.kill(worker.worker.pid, 'SIGKILL');
    await waitFor(
      async () => (await metric('tumorboard_media_worker_deaths_total')) === 1,
      10_000,
      'the death counted',
    );
    await waitFor(
      async () => (await metric('tumorboard_media_workers')) === 1,
      10_000,
      'the worker replaced',
    );
    expect(await metric('tumorboard_media_workers_configured')).toBe(1);
  });

  it('serves nothing but /metrics', async () => {
    for (const path of [
      '/',
      '/health',
      '/api/v1/auth/login',
      '/metrics/',
      '/METRICS',
      '/favicon.ico',
    ]) {
      const response = await scrapePort().get(path);
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
    }
  });

  it('answers abuse with a 4xx and keeps serving', async () => {
    const get = (target: string, headers = '') =>
      raw(port, `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${headers}\r\n`);
    const cases: Array<[string, Promise<number>, number]> = [
      ['path traversal', get('/../metrics'), 404],
      ['path traversal inside', get('/x/../metrics'), 404],
      ['path traversal after', get('/metrics/../metrics'), 404],
      ['encoded traversal', get('/%2e%2e/metrics'), 404],
      ['encoded path', get('/%6detrics'), 404],
      ['double slash', get('//metrics'), 404],
      ['NUL in the path', get('/metrics%00'), 404],
      ['absolute URL elsewhere', get('http://example.org/etc/passwd'), 404],
      ['a query', get('/metrics?x=1'), 400],
      ['an empty query', get('/metrics?'), 400],
      ['query junk', get(`/metrics?${'%ff%00&;'.repeat(500)}`), 400],
      ['huge header', get('/metrics', `X-Junk: ${'a'.repeat(20_000)}\r\n`), 431],
      [
        'many headers',
        get(
          '/metrics',
          Array.from({ length: 500 }, (_, i) => `X-H${i}: ${'v'.repeat(20)}\r\n`).join(''),
        ),
        431,
      ],
      ['a garbage request line', raw(port, 'NOT HTTP AT ALL\r\n\r\n'), 400],
      ['binary junk', raw(port, Buffer.from([0, 1, 2, 255, 254, 13, 10, 13, 10])), 400],
    ];
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'PROPFIND', 'TRACE']) {
      cases.push([
        method,
        raw(
          port,
          `${method} /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
        ),
        405,
      ]);
    }
    for (const [name, answered, status] of cases)
      expect({ name, status: await answered }).toEqual({ name, status });

    await scrapePort().get('/metrics').expect(200);
    await request(t.http).get('/health').expect(200);
  });
});
