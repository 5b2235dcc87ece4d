import type { NestExpressApplication } from '@nestjs/platform-express';
import type { LifelineConfig } from '@lifeline/config';
import helmet from 'helmet';
import { CORRELATION_ID_HEADER } from '../http/correlation-id';

/**
 * The API's answers are JSON; the one HTML page served besides the dashboard (which sets its
 * own stricter policy) is the OpenAPI UI, whose stylesheet is inline.
 */
const CONTENT_SECURITY_POLICY = {
  useDefaults: false,
  directives: {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'frame-ancestors': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
  },
};

/**
 * Security headers on every answer (helmet), and CORS only for the origins an operator
 * lists in LIFELINE_CORS_ORIGINS (none by default: browsers then refuse cross-origin reads).
 */
export function applyHttpHardening(app: NestExpressApplication, config: LifelineConfig): void {
  app.use(helmet({ contentSecurityPolicy: CONTENT_SECURITY_POLICY, frameguard: { action: 'deny' } }));
  const origins = config.security.corsOrigins;
  if (origins.length > 0) {
    app.enableCors({
      origin: [...origins],
      methods: ['GET', 'POST'],
      allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', CORRELATION_ID_HEADER, 'If-None-Match', 'traceparent', 'Last-Event-ID'],
      exposedHeaders: [CORRELATION_ID_HEADER, 'ETag', 'Location', 'Retry-After', 'WWW-Authenticate'],
      // Bearer credentials only: no cookies, so no ambient authority for another site to borrow.
      credentials: false,
      maxAge: 600,
    });
  }
}
