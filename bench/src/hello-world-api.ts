/**
 * The baseline of `http-commands`: a NestJS hello-world POST controller on the same platform
 * (express) as the API, its own process. Nest's default JSON body parser, no pipes, guards or
 * interceptors: what any NestJS app pays per request.
 */
import 'reflect-metadata';
import { Body, Controller, Module, Param, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';

@Controller('customers')
class HelloController {
  @Post(':customerId/contacts')
  record(@Param('customerId') customerId: string, @Body() body: { contactId?: string }): { customerId: string; contactId?: string } {
    return { customerId, contactId: body.contactId };
  }
}

@Module({ controllers: [HelloController] })
class HelloModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(HelloModule, { logger: false });
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
  await app.listen(Number(process.env['PORT'] ?? 0), '127.0.0.1');
  console.log(`hello-world listening on ${await app.getUrl()}`);
}

void main();
