import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { BEARER_SCHEME } from '../auth/access.decorator';
import { CORRELATION_ID_HEADER } from './correlation-id';

export const OPENAPI_UI_PATH = 'docs';

/** The OpenAPI document, generated from the controllers' and DTOs' decorators. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Lifeline API')
    .setDescription(
      'Event-sourced customer lifecycle. Commands answer 201 with the customer stream revision and global position; ' +
        'errors are RFC 9457 application/problem+json. See docs/http-api.md.',
    )
    .setVersion('1')
    .addGlobalParameters({
      name: CORRELATION_ID_HEADER,
      in: 'header',
      required: false,
      description: 'Ties the request to its events and logs; generated when absent, always echoed in the response.',
      schema: { type: 'string', maxLength: 128 },
    })
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        description:
          'A Lifeline API key (`lifeline keys create --role ROLE`) or, when an issuer is configured, an OIDC/JWT access token. ' +
          'Each operation lists the roles that may call it in `x-lifeline-roles`; see docs/security.md.',
      },
      BEARER_SCHEME,
    )
    .build();
  // One tag per operation (its capability): controller-name tags would make generated clients duplicate every class.
  return SwaggerModule.createDocument(app, config, { autoTagControllers: false });
}

/** Serves the UI at /docs and the JSON at /docs-json. */
export function serveOpenApi(app: INestApplication): void {
  SwaggerModule.setup(OPENAPI_UI_PATH, app, () => buildOpenApiDocument(app), { jsonDocumentUrl: `${OPENAPI_UI_PATH}-json` });
}
