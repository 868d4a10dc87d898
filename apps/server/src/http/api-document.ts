import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject } from '@nestjs/swagger';
import { createApiDocument } from '@app/openapi';

/**
 * The server's OpenAPI document: what `/api/docs-json` serves and what `npm run api:generate`
 * writes for the web client (apps/web/src/api/openapi.json and the types made from it).
 */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  return createApiDocument(
    app,
    new DocumentBuilder()
      .setOpenAPIVersion('3.1.0')
      .setTitle('Tumor Board server')
      .setDescription('Multidisciplinary virtual tumor board collaboration API')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
}
