import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { ProblemError, RequestValidationError, type FieldError } from '../problem-details';
import { MULTILINE_TEXT_FIELDS, textProblem } from './text-rules';

export const MAX_BODY_SIZE = '1mb';
/** Command bodies are flat objects; nesting deeper than this is refused before it is parsed. */
export const MAX_JSON_DEPTH = 8;
/** Keys plus array elements in one body (counted as they are met); the largest command has about ten fields. */
export const MAX_JSON_VALUES = 1_000;
/** Names that would reach an object's prototype chain, refused as keys anywhere in a body. */
export const PROTOTYPE_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

const JSON_MEDIA_TYPE = 'application/json';

/** A body refused before it is parsed (its shape) or before it is transformed (its content). */
export class BodyShapeError extends Error {
  /** Read by body-parser (the status it reports) and by the problem filter. */
  readonly status = 400;
  constructor(readonly problem: { type: string; title: string; status: number; detail: string }) {
    super(problem.detail);
  }
}

/** Whether the request carries body bytes (an empty body is no body). */
function hasBody(request: Request): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Bodies are JSON and say so: anything else (text/plain from a cross-site form, a missing
 * Content-Type, another charset) is 415 before a byte is read.
 */
export function requireJsonContentType(request: Request, _response: Response, next: NextFunction): void {
  if (!hasBody(request)) return next();
  const [mediaType = '', ...parameters] = (request.headers['content-type'] ?? '').split(';').map((part) => part.trim().toLowerCase());
  const charset = parameters.find((parameter) => parameter.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
  if (mediaType === JSON_MEDIA_TYPE && (charset === undefined || charset === 'utf-8')) return next();
  next(
    new ProblemError({
      type: '/problems/unsupported-media-type',
      title: 'Unsupported Media Type',
      status: 415,
      detail: `request bodies must be ${JSON_MEDIA_TYPE} (UTF-8); got ${request.headers['content-type'] ? `"${request.headers['content-type'].slice(0, 100)}"` : 'no Content-Type'}`,
    }),
  );
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const COLON = 0x3a;
const COMMA = 0x2c;

/**
 * One pass over the raw bytes, before JSON.parse: nesting depth and the number of keys and
 * elements. Bounded work whatever the body; deep nesting never reaches a recursive transformer.
 */
export function checkJsonShape(body: Buffer): void {
  let depth = 0;
  let values = 0;
  let inString = false;
  // Whether each open container is an array: there a comma starts an element, in an object a colon a key.
  const inArray = new Uint8Array(MAX_JSON_DEPTH + 1);
  for (let i = 0; i < body.length; i++) {
    const byte = body[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
      continue;
    }
    if (byte === QUOTE) inString = true;
    else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      if (++depth > MAX_JSON_DEPTH) throw shapeError(`the body nests deeper than ${MAX_JSON_DEPTH} levels`);
      inArray[depth] = byte === OPEN_ARRAY ? 1 : 0;
      // An array's first element has no comma before it.
      if (byte === OPEN_ARRAY) values++;
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) depth = Math.max(0, depth - 1);
    else if (byte === (inArray[depth] ? COMMA : COLON)) {
      if (++values > MAX_JSON_VALUES) throw shapeError(`the body holds more than ${MAX_JSON_VALUES} keys and array elements`);
    }
  }
}

function shapeError(detail: string): BodyShapeError {
  return new BodyShapeError({ type: '/problems/body-too-complex', title: 'The request body is too complex', status: 400, detail });
}

/**
 * After parsing, before any DTO transformation: no prototype names as keys (they would be
 * dropped silently), and every string is acceptable text (see text-rules).
 */
export function checkBodyContent(request: Request, _response: Response, next: NextFunction): void {
  if (request.body === undefined || request.body === null || typeof request.body !== 'object') return next();
  const errors: FieldError[] = [];
  const pending: Array<{ value: unknown; path: string; key: string }> = [{ value: request.body, path: '', key: '' }];
  // Iterative, and the shape check already bounded the work.
  while (pending.length > 0 && errors.length < 100) {
    const { value, path, key } = pending.pop()!;
    if (typeof value === 'string') {
      const problem = textProblem(value, MULTILINE_TEXT_FIELDS.has(key));
      if (problem) errors.push({ field: path, message: `${key || 'value'} ${problem}` });
    } else if (Array.isArray(value)) {
      value.forEach((element, index) => pending.push({ value: element, path: `${path}[${index}]`, key }));
    } else if (value !== null && typeof value === 'object') {
      for (const [name, child] of Object.entries(value)) {
        const childPath = path ? `${path}.${name}` : name;
        const keyProblem = PROTOTYPE_NAMES.has(name) ? 'is a reserved name' : textProblem(name, false);
        if (keyProblem) errors.push({ field: childPath, message: `key ${JSON.stringify(name.slice(0, 64))} ${keyProblem}` });
        else pending.push({ value: child, path: childPath, key: name });
      }
    }
  }
  next(errors.length > 0 ? new RequestValidationError(errors.reverse()) : undefined);
}

/** The JSON body pipeline, in order: media type, size and shape on the raw bytes, parse, content. */
export function jsonBody(): RequestHandler[] {
  return [requireJsonContentType, express.json({ limit: MAX_BODY_SIZE, verify: (_request, _response, body) => checkJsonShape(body) }), checkBodyContent];
}
