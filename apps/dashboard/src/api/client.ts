import type { components, paths } from './openapi-types';

/** The OpenAPI paths that have a GET operation. */
export type GetPath = { [P in keyof paths]: paths[P] extends { get: object } ? P : never }[keyof paths];
type Operation<P extends GetPath> = paths[P] extends { get: infer O } ? O : never;
type OperationParameters<P extends GetPath> = Operation<P> extends { parameters: infer R } ? R : never;
export type QueryOf<P extends GetPath> = OperationParameters<P> extends { query?: infer Q } ? NonNullable<Q> : never;
export type PathParamsOf<P extends GetPath> = OperationParameters<P> extends { path: infer T } ? T : never;
type DocumentedJson<P extends GetPath> = Operation<P> extends { responses: { 200: { content: { 'application/json': infer B } } } } ? B : undefined;
/** The 200 JSON body, as the OpenAPI document's schema describes it (test/contract/answer-schemas.check.ts ties the analytics ones to the server's answer types). */
export type Answer<P extends GetPath> = DocumentedJson<P> extends undefined ? unknown : DocumentedJson<P>;
export type Schemas = components['schemas'];

/** What the request needs besides its path: path parameters where the path has some, query parameters always optional. */
export type GetRequest<P extends GetPath> = ([PathParamsOf<P>] extends [never] ? { path?: never } : { path: PathParamsOf<P> }) & { query?: QueryOf<P> };

export interface Problem {
  readonly title?: string;
  readonly detail?: string;
  readonly errors?: readonly { readonly field: string; readonly message: string }[];
}

/** A refusal (RFC 9457 problem) or no answer at all (status 0); the message is the problem's detail. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    const fieldErrors = problem.errors?.map((e) => `${e.field}: ${e.message}`).join('; ') ?? '';
    const base = problem.detail ?? problem.title ?? `HTTP ${status}`;
    super(fieldErrors && problem.detail !== fieldErrors ? `${base} (${fieldErrors})` : base);
    this.name = 'ApiError';
  }
}

export interface Api {
  get<P extends GetPath>(path: P, ...request: {} extends GetRequest<P> ? [GetRequest<P>?] : [GetRequest<P>]): Promise<Answer<P>>;
}

/** Fills `{name}` placeholders (encoded) and appends the query parameters that have a value. */
export function requestUrl(path: string, request: { path?: Record<string, string>; query?: Record<string, unknown> } = {}, origin = 'http://localhost'): URL {
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = request.path?.[name];
    if (value === undefined) throw new Error(`no value for {${name}} in ${path}`);
    return encodeURIComponent(value);
  });
  const url = new URL(filled, origin);
  for (const [key, value] of Object.entries(request.query ?? {})) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, String(value));
  }
  return url;
}

/**
 * The dashboard's one door to the API. Every request goes through `send`, so adding a header
 * to all of them (an API key, say) is one change here.
 */
export function httpApi(origin: string, send: (url: URL, init: RequestInit) => Promise<Response> = (url, init) => fetch(url, init)): Api {
  return {
    async get(path, ...[request]) {
      const url = requestUrl(path, request as Parameters<typeof requestUrl>[1], origin);
      let response: Response;
      try {
        response = await send(url, { headers: { accept: 'application/json' } });
      } catch (error) {
        throw new ApiError(0, { title: 'The API did not answer', detail: `The API did not answer: ${error instanceof Error ? error.message : String(error)}` });
      }
      const type = response.headers.get('content-type') ?? '';
      const body: unknown = type.includes('json') ? await response.json().catch(() => null) : null;
      if (!response.ok) throw new ApiError(response.status, (body as Problem | null) ?? { title: `${response.status} ${response.statusText}` });
      return body as never;
    },
  };
}

/**
 * Panels that load together ask some questions twice (the tiles and the churn panel both read
 * /analytics/churn): within one load, the same URL is fetched once. A new load starts afresh.
 */
export function sharingRequests(api: Api): Api {
  const answers = new Map<string, Promise<unknown>>();
  return {
    get(path, ...request) {
      const key = requestUrl(path, request[0] as Parameters<typeof requestUrl>[1]).href;
      let answer = answers.get(key);
      if (answer === undefined) {
        answer = (api.get as (p: string, ...r: unknown[]) => Promise<unknown>)(path, ...request);
        answers.set(key, answer);
      }
      return answer as never;
    },
  };
}
