import { Controller, Get, Header, HttpStatus, Inject, Redirect, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { ProblemError } from '../http/problem-details';
import { CHART_JS_ASSET, type ChartJsAsset } from './chart-js-asset';
import { DASHBOARD_PATH } from './static/dashboard-api-paths';
import { dashboardPage } from './static/dashboard-page';
import { DASHBOARD_KEY_ENTRY_SCRIPT } from './static/dashboard-key-entry-script';
import { DASHBOARD_SCRIPT } from './static/dashboard-script';
import { DASHBOARD_STYLE } from './static/dashboard-style';
import { PublicAccess } from '../auth/access.decorator';

/** Everything from this origin, nothing inline: the page, its script and stylesheet are separate files. */
const CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
/** The page and its own script change with every deployment: revalidate (Express's ETag makes that a 304). */
const REVALIDATE = 'no-cache';
const ONE_YEAR_MS = 365 * 24 * 3600 * 1000;

/** The analyst dashboard: one HTML page that plots the read-side and analytics endpoints. Not part of the API document. */
@ApiExcludeController()
@Controller()
export class DashboardController {
  private readonly page: string;

  constructor(@Inject(CHART_JS_ASSET) private readonly chartJs: ChartJsAsset | undefined) {
    this.page = dashboardPage(chartJs?.version ?? 'missing');
  }

  @PublicAccess()
  @Get()
  @Redirect(DASHBOARD_PATH, HttpStatus.FOUND)
  root(): void {}

  @PublicAccess()
  @Get('dashboard')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', REVALIDATE)
  @Header('Content-Security-Policy', CONTENT_SECURITY_POLICY)
  @Header('X-Content-Type-Options', 'nosniff')
  dashboard(): string {
    return this.page;
  }

  @PublicAccess()
  @Get('dashboard/assets/dashboard.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', REVALIDATE)
  @Header('X-Content-Type-Options', 'nosniff')
  script(): string {
    return DASHBOARD_SCRIPT;
  }

  @PublicAccess()
  @Get('dashboard/assets/dashboard-key-entry.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', REVALIDATE)
  @Header('X-Content-Type-Options', 'nosniff')
  keyEntryScript(): string {
    return DASHBOARD_KEY_ENTRY_SCRIPT;
  }

  @PublicAccess()
  @Get('dashboard/assets/dashboard.css')
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', REVALIDATE)
  @Header('X-Content-Type-Options', 'nosniff')
  style(): string {
    return DASHBOARD_STYLE;
  }

  /** The URL carries the version (?v=), so a year-long immutable cache is safe across upgrades. */
  @PublicAccess()
  @Get('dashboard/assets/chart.umd.min.js')
  chartLibrary(@Res() response: Response): void {
    if (this.chartJs === undefined) {
      throw new ProblemError({ type: '/problems/not-found', title: 'Not Found', status: 404, detail: 'chart.js is not installed next to the API (npm ci installs it); the dashboard cannot plot' });
    }
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.sendFile(this.chartJs.file, { maxAge: ONE_YEAR_MS, immutable: true, headers: { 'Content-Type': 'text/javascript; charset=utf-8' } });
  }
}
