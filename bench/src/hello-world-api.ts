/**
 * The baselines of `http-commands`: a NestJS hello-world POST controller on the same platform
 * (express) as the API, its own process. Nest's default JSON body parser, no pipes, guards or
 * interceptors: what any NestJS app pays per request.
 *
 * With HELLO_APPEND_DIR set, the same controller first appends the request as one event to the
 * real embedded event store (SqliteEventStore in that folder: WAL, synchronous=NORMAL, the
 * stream's revision expected) and answers after the commit: the floor of any API that stores
 * each command durably before answering — no decision, encryption, auth, validation or logging.
 * The appends go through the API's own GroupCommit (the appends of one turn of the event loop
 * share a transaction), as the API's do; HELLO_GROUP_COMMIT=false commits each on its own.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Body, Controller, Module, Param, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { GroupCommit } from '@lifeline/customers/application';
import { SqliteEventStore } from '@lifeline/event-store/sqlite';

const appendDir = process.env['HELLO_APPEND_DIR'];
const store = appendDir === undefined ? undefined : SqliteEventStore.open(join(appendDir, 'events.db'));
const groupCommit = store !== undefined && process.env['HELLO_GROUP_COMMIT'] !== 'false' ? new GroupCommit(store) : undefined;
/** The last revision of each stream this process appended to (as the API's state cache knows it). */
const revisions = new Map<string, number>();

@Controller('customers')
class HelloController {
  @Post(':customerId/contacts')
  async record(@Param('customerId') customerId: string, @Body() body: Record<string, unknown>): Promise<{ customerId: string; contactId?: unknown; position?: number }> {
    if (store === undefined) return { customerId, contactId: body['contactId'] };
    const streamId = `customer-${customerId}`;
    const last = revisions.get(streamId);
    revisions.set(streamId, (last ?? -1) + 1); // before the await: the next request on this stream expects it
    const events = [
      { eventId: randomUUID(), type: 'CustomerContacted', schemaVersion: 1, occurredAt: new Date().toISOString(), data: { customerId, ...body }, metadata: { correlationId: randomUUID(), principal: 'key:bench' } },
    ];
    const expectedRevision = last ?? 'no_stream';
    const { position } = groupCommit ? await groupCommit.append(streamId, events, expectedRevision) : await store.appendToStream(streamId, events, { expectedRevision });
    return { customerId, contactId: body['contactId'], position };
  }
}

@Module({ controllers: [HelloController] })
class HelloModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(HelloModule, { logger: false });
  process.on('SIGTERM', () => void app.close().then(() => store?.close()).then(() => process.exit(0)));
  await app.listen(Number(process.env['PORT'] ?? 0), '127.0.0.1');
  console.log(`hello-world listening on ${await app.getUrl()}`);
}

void main();
