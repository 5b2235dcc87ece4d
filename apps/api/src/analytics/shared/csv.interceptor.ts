import { Injectable, SetMetadata, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { map, type Observable } from 'rxjs';
import { rowsAt, toCsv } from './csv';

export const CSV_TABLE = 'lifeline:csv-table';
/** Where the answer's table is, for Accept: text/csv (see csv.ts `rowsAt`). */
export const CsvTable = (path: string) => SetMetadata(CSV_TABLE, path);

/** True when the client prefers text/csv to JSON (by q-value; on a tie, the first listed). */
export function prefersCsv(accept: string | undefined): boolean {
  if (accept === undefined) return false;
  const ranked = accept
    .split(',')
    .map((part, index) => {
      const [type, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { type: type!.trim(), q: q === undefined ? 1 : Number(q.slice(2)), index };
    })
    .filter((m) => m.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  const csv = ranked.find((m) => m.type === 'text/csv');
  const json = ranked.find((m) => m.type === 'application/json' || m.type === 'application/*' || m.type === '*/*');
  return csv !== undefined && (json === undefined || csv.q > json.q || (csv.q === json.q && csv.index < json.index));
}

@Injectable()
export class CsvInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const path = this.reflector.get<string | undefined>(CSV_TABLE, context.getHandler());
    const request = context.switchToHttp().getRequest<Request>();
    if (path === undefined || !prefersCsv(request.headers.accept)) return next.handle();
    const response = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      map((answer: unknown) => {
        response.setHeader('Content-Type', 'text/csv; charset=utf-8');
        response.setHeader('Vary', 'Accept');
        return toCsv(rowsAt(answer, path));
      }),
    );
  }
}
