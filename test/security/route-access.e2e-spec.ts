/**
 * Every route of the API, taken from the route table (not from a list kept by hand), must
 * declare who may call it, and must then refuse missing, unknown, expired and
 * wrong-audience credentials with 401 and every role it does not allow with 403.
 */
import { ModulesContainer } from '@nestjs/core';
import { mayCall, ROLES, type Role } from '@lifeline/auth/port';
import { TestIssuer } from '../../libs/auth/jwt/src/testing/test-issuer';
import { ACCESS_METADATA, type AccessRule } from '../../apps/api/src/auth/access.decorator';
import { removeDataDir, startApi, type RunningApi } from '../support/api-harness';

interface DeclaredRoute {
  readonly method: string;
  readonly path: string;
  readonly access: AccessRule | undefined;
}

// Nest's own metadata keys (@nestjs/common/constants): the route path and its RequestMethod index.
const PATH_METADATA = 'path';
const METHOD_METADATA = 'method';
const REQUEST_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'ALL', 'OPTIONS', 'HEAD', 'SEARCH'];

function joinPath(...parts: (string | undefined)[]): string {
  return `/${parts.filter((part) => part !== undefined && part !== '' && part !== '/').map((part) => part!.replace(/^\/|\/$/g, '')).join('/')}`;
}

/** Every route handler of every controller Nest registered, with its access declaration. */
function declaredRoutes(api: RunningApi): DeclaredRoute[] {
  const routes: DeclaredRoute[] = [];
  for (const module of api.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!controller) continue;
      const base = Reflect.getMetadata(PATH_METADATA, controller) as string | undefined;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function' || name === 'constructor') continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        if (path === undefined) continue;
        routes.push({
          method: REQUEST_METHODS[Reflect.getMetadata(METHOD_METADATA, handler) as number]!,
          path: joinPath(base, path),
          access: (Reflect.getMetadata(ACCESS_METADATA, handler) ?? Reflect.getMetadata(ACCESS_METADATA, controller)) as AccessRule | undefined,
        });
      }
    }
  }
  return routes;
}

/** What express actually serves (Nest's routes plus anything mounted beside them), minus the OpenAPI UI. */
function servedRoutes(api: RunningApi): string[] {
  const router = (api.app.getHttpAdapter().getInstance() as { router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] } }).router;
  return router.stack
    .filter((layer) => layer.route !== undefined)
    .flatMap((layer) => Object.keys(layer.route!.methods).map((method) => `${method.toUpperCase()} ${layer.route!.path}`))
    .filter((route) => !/ \/docs/.test(route));
}

const concrete = (path: string) => path.replace(':customerId', 'c-walk').replace(':complaintId', 'k-walk').replace(':file', 'dashboard.js');

describe('every route declares its access, and the guard holds it', () => {
  const audience = 'lifeline-api';
  let issuer: TestIssuer;
  let api: RunningApi;
  let routes: DeclaredRoute[];
  const keys = new Map<Role, string>();
  let expiredToken: string;
  let otherAudienceToken: string;

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    api = await startApi({ env: { LIFELINE_JWT_ISSUER: issuer.issuer, LIFELINE_JWT_AUDIENCE: audience } });
    for (const role of ROLES) keys.set(role, await api.createKey(role));
    expiredToken = await issuer.sign({ sub: 'late', roles: ['admin'] }, { audience, expiresInSeconds: -3600 });
    otherAudienceToken = await issuer.sign({ sub: 'elsewhere', roles: ['admin'] }, { audience: 'another-api' });
    routes = declaredRoutes(api);
  }, 30_000);

  afterAll(async () => {
    await api.stop();
    await issuer.stop();
    removeDataDir(api.config.dataDir);
  });

  /** Status and headers only: the feed's SSE stream would never end. */
  async function call(route: DeclaredRoute, authorization?: string) {
    const response = await fetch(`${api.url}${concrete(route.path)}`, {
      method: route.method,
      redirect: 'manual',
      headers: { 'content-type': 'application/json', ...(authorization !== undefined && { authorization }) },
      ...(route.method === 'POST' && { body: '{}' }),
    });
    const body = response.headers.get('content-type')?.includes('event-stream') ? (await response.body?.cancel(), '') : await response.text();
    return { status: response.status, headers: response.headers, body };
  }

  it('finds every served route among the declared ones, each with a declaration', () => {
    const declared = routes.map((route) => `${route.method} ${route.path}`).sort();
    expect(servedRoutes(api).sort()).toEqual(declared);
    expect(routes.length).toBeGreaterThanOrEqual(25);
    expect(routes.filter((route) => route.access === undefined).map((route) => `${route.method} ${route.path}`)).toEqual([]);
  });

  it('keeps health and the dashboard files open, and nothing else', () => {
    const open = routes.filter((route) => route.access?.public).map((route) => `${route.method} ${route.path}`).sort();
    expect(open).toEqual([
      'GET /',
      'GET /dashboard',
      'GET /dashboard/assets/:file',
      'GET /health',
      'GET /health/ready',
    ]);
  });

  it('answers 401 problem+json with WWW-Authenticate to missing, unknown, expired and wrong-audience credentials on every non-public route', async () => {
    const refusals: string[] = [];
    for (const route of routes.filter((candidate) => candidate.access && !candidate.access.public)) {
      const attempts: [string, string | undefined, RegExp][] = [
        ['no credentials', undefined, /^Bearer realm="lifeline"$/],
        ['an unknown API key', 'Bearer lfl_unknown1_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', /error="invalid_token"/],
        ['a malformed header', 'Basic YWRtaW46YWRtaW4=', /error="invalid_request"/],
        ['an expired token', `Bearer ${expiredToken}`, /expired/],
        ['a token for another audience', `Bearer ${otherAudienceToken}`, /aud claim/],
      ];
      for (const [what, authorization, challenge] of attempts) {
        const answer = await call(route, authorization);
        const problem = answer.status === 401 ? (JSON.parse(answer.body) as { status: number; type: string }) : undefined;
        const ok =
          answer.status === 401 &&
          answer.headers.get('content-type')?.startsWith('application/problem+json') === true &&
          challenge.test(answer.headers.get('www-authenticate') ?? '') &&
          problem?.type === '/problems/unauthorized';
        if (!ok) refusals.push(`${route.method} ${route.path} with ${what}: ${answer.status} ${answer.headers.get('www-authenticate')}`);
      }
    }
    expect(refusals).toEqual([]);
  }, 60_000);

  it('answers 403 problem+json to every role the route does not allow, and lets every allowed role through', async () => {
    const wrong: string[] = [];
    for (const route of routes.filter((candidate) => candidate.access && !candidate.access.public)) {
      const allowed = (route.access as { roles: readonly Role[] }).roles;
      for (const role of ROLES) {
        const answer = await call(route, `Bearer ${keys.get(role)}`);
        const expected = mayCall([role], allowed) ? 'through' : 403;
        const got = answer.status === 401 || answer.status === 403 ? answer.status : 'through';
        if (got !== expected || (got === 403 && !answer.headers.get('content-type')?.startsWith('application/problem+json'))) {
          wrong.push(`${route.method} ${route.path} as ${role}: expected ${expected}, got ${answer.status}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  }, 60_000);

  it('takes roles from a valid token the same way', async () => {
    const reader = await issuer.sign({ sub: 'crm-service', roles: ['reader'] }, { audience });
    const list = routes.find((route) => route.method === 'GET' && route.path === '/customers')!;
    const fit = routes.find((route) => route.method === 'POST' && route.path === '/analytics/clv/model')!;
    expect((await call(list, `Bearer ${reader}`)).status).toBe(200);
    const refused = await call(fit, `Bearer ${reader}`);
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toMatchObject({ type: '/problems/forbidden', detail: expect.stringContaining('jwt:crm-service holds the role(s) reader') });
  });

  it('lets the public routes answer without credentials', async () => {
    for (const route of routes.filter((candidate) => candidate.access?.public)) {
      expect([route.path, (await call(route)).status]).toEqual([route.path, expect.not.stringMatching(/^(401|403)$/)]);
    }
  });

  it('shows each protected operation’s bearer requirement and roles in the OpenAPI document', async () => {
    const document = (await api.http().get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { security?: unknown; 'x-lifeline-roles'?: string[] }>>;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(document.components.securitySchemes['bearer']).toMatchObject({ type: 'http', scheme: 'bearer' });
    const list = document.paths['/customers']!['get']!;
    expect(list.security).toEqual([{ bearer: [] }]);
    expect(list['x-lifeline-roles']).toEqual(['reader', 'admin']);
    expect(document.paths['/health']!['get']!.security).toBeUndefined();
  });
});
