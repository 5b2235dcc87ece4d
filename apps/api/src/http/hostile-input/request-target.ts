import type { NextFunction, Request, Response } from 'express';
import type { OpenAPIObject } from '@nestjs/swagger';
import { ProblemError, RequestValidationError, type FieldError } from '../problem-details';
import { PROTOTYPE_NAMES } from './json-body';
import { textProblem } from './text-rules';

/** Longest request target (path and query) the API reads; longer ones are 414. */
export const MAX_URL_LENGTH = 8_192;

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

interface Operation {
  readonly method: string;
  readonly path: RegExp;
  /** How many path parameters: literal segments win over templates. */
  readonly templated: number;
  readonly query: readonly string[];
}

/** The query parameters each documented operation takes, from the OpenAPI document itself. */
export function operationsOf(document: OpenAPIObject): Operation[] {
  const operations: Operation[] = [];
  for (const [template, item] of Object.entries(document.paths)) {
    const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const query = (operation.parameters ?? []).flatMap((parameter) => ('in' in parameter && parameter.in === 'query' ? [parameter.name] : []));
      operations.push({ method: method.toUpperCase(), path: new RegExp(`^${pattern}/?$`), templated: (template.match(/\{/g) ?? []).length, query });
    }
  }
  return operations.sort((a, b) => a.templated - b.templated);
}

function malformed(detail: string): ProblemError {
  return new ProblemError({ type: '/problems/malformed-url', title: 'The request URL is malformed', status: 400, detail });
}

function decode(component: string, what: string): string {
  try {
    return decodeURIComponent(component.replace(/\+/g, ' '));
  } catch {
    throw malformed(`${what} holds a bad %-escape (each % must start a valid UTF-8 escape like %20)`);
  }
}

/**
 * Checks the request target before any route runs, the same way for every endpoint:
 * its length (414), its %-escapes (400 malformed-url), and its query: each parameter known
 * to the operation's OpenAPI description, given once, and acceptable text. Routes the
 * document does not describe (the dashboard, /docs) only get the length and escape checks.
 */
export function requestTargetGuard(document: () => OpenAPIObject) {
  let operations: Operation[] | undefined;
  return (request: Request, _response: Response, next: NextFunction): void => {
    try {
      if (request.originalUrl.length > MAX_URL_LENGTH) {
        throw new ProblemError({ type: '/problems/uri-too-long', title: 'URI Too Long', status: 414, detail: `the request URL is longer than ${MAX_URL_LENGTH} characters` });
      }
      const [rawPath = '', rawQuery] = request.originalUrl.split(/\?(.*)/s, 2);
      const path = decode(rawPath, 'the path');
      const pathProblem = textProblem(path, false);
      if (pathProblem) throw malformed(`the path ${pathProblem}`);
      if (rawQuery === undefined || rawQuery === '') return next();

      const errors: FieldError[] = [];
      const counts = new Map<string, number>();
      for (const pair of rawQuery.split('&')) {
        if (pair === '') continue;
        const separator = pair.indexOf('=');
        const name = decode(separator < 0 ? pair : pair.slice(0, separator), 'the query');
        const value = separator < 0 ? '' : decode(pair.slice(separator + 1), 'the query');
        const field = name.slice(0, 64);
        if (PROTOTYPE_NAMES.has(name)) errors.push({ field, message: `${field} is a reserved name, not a query parameter` });
        const problem = textProblem(name, false) ?? textProblem(value, false);
        if (problem) errors.push({ field, message: `${field} ${problem}` });
        counts.set(name, (counts.get(name) ?? 0) + 1);
      }
      for (const [name, count] of counts) {
        if (count > 1) errors.push({ field: name.slice(0, 64), message: `${name.slice(0, 64)} is given ${count} times; give each query parameter once` });
      }
      operations ??= operationsOf(document());
      const operation = operations.find((candidate) => candidate.method === (request.method === 'HEAD' ? 'GET' : request.method) && candidate.path.test(path));
      if (operation) {
        const unknown = [...counts.keys()].filter((name) => !operation.query.includes(name) && !PROTOTYPE_NAMES.has(name));
        for (const name of unknown) {
          const known = operation.query.length > 0 ? `this endpoint takes ${operation.query.join(', ')}` : 'this endpoint takes no query parameters';
          errors.push({ field: name.slice(0, 64), message: `${name.slice(0, 64)} is not a query parameter of this endpoint; ${known}` });
        }
      }
      next(errors.length > 0 ? new RequestValidationError(errors) : undefined);
    } catch (error) {
      next(error);
    }
  };
}
