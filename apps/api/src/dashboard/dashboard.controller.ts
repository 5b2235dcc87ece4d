import { Controller, Get, HttpStatus, Inject, Param, Redirect, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PublicAccess } from '../auth/access.decorator';
import { ProblemError } from '../http/problem-details';
import { DASHBOARD_BUNDLE, DASHBOARD_PATH, type DashboardBundle } from './dashboard-bundle';

/** Everything from this origin, nothing inline: the page, its script and stylesheet are separate files. */
const CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
/** The page and its assets change with every deployment: revalidate (the ETag makes that a 304). */
const REVALIDATE = 'no-cache';

/** What the bundle folder holds; anything else (or any other name) is a 404. */
const ASSET_TYPES: Readonly<Record<string, string>> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  map: 'application/json; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
};
const ASSET_NAME = /^[a-z][a-z0-9-]*(?:\.[a-z0-9]+)*\.(js|css|map|txt)$/i;

const notFound = (detail: string) => new ProblemError({ type: '/problems/not-found', title: 'Not Found', status: 404, detail });

/** The analyst dashboard: the page and the bundle built from apps/dashboard. Not part of the API document. */
@ApiExcludeController()
@Controller()
export class DashboardController {
  constructor(@Inject(DASHBOARD_BUNDLE) private readonly bundle: DashboardBundle | undefined) {}

  @PublicAccess()
  @Get()
  @Redirect(DASHBOARD_PATH, HttpStatus.FOUND)
  root(): void {}

  @PublicAccess()
  @Get('dashboard')
  page(@Res() response: Response): void {
    response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    this.send(response, 'index.html', 'text/html; charset=utf-8');
  }

  @PublicAccess()
  @Get('dashboard/assets/:file')
  asset(@Param('file') file: string, @Res() response: Response): void {
    const type = ASSET_NAME.exec(file)?.[1];
    if (type === undefined) throw notFound(`The dashboard has no asset ${JSON.stringify(file)}`);
    this.send(response, file, ASSET_TYPES[type.toLowerCase()]!);
  }

  private send(response: Response, file: string, contentType: string): void {
    if (this.bundle === undefined) {
      throw new ProblemError({
        type: '/problems/dashboard-not-built',
        title: 'Dashboard not built',
        status: 503,
        detail: 'The dashboard bundle (dist/dashboard) is missing; `npm run build` builds it (`npm start` does so first).',
      });
    }
    if (!existsSync(join(this.bundle.directory, file))) throw notFound(`The dashboard has no asset ${JSON.stringify(file)}`);
    response.setHeader('Cache-Control', REVALIDATE);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    // root + a plain file name: nothing outside the bundle folder can be named.
    response.sendFile(file, { root: this.bundle.directory, cacheControl: false, dotfiles: 'deny', headers: { 'Content-Type': contentType } }, (error?: Error) => {
      // Only a read failing half-way gets here (the file exists): end the response rather than hang it.
      if (error !== undefined && !response.headersSent) response.status(500).end();
    });
  }
}
