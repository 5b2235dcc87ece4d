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
 *
 * With HELLO_PIPELINE=true as well, the request also goes through what any authenticated,
 * validated, logged NestJS command endpoint has, built from the standard pieces: helmet's
 * headers, a guard checking a bearer key (SHA-256, one prepared SQLite lookup), a ValidationPipe
 * with the API's options on the API's own request DTO, and the API's one JSON log line per request on stdout. What
 * is left out is Lifeline's own: correlation ids, rate limiting, metrics, hostile-input checks,
 * idempotency, the command bus, the decider, encryption of personal fields.
 */
import 'reflect-metadata';
import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Body, Controller, Injectable, Module, Param, Post, UnauthorizedException, ValidationPipe, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import Database from 'better-sqlite3';
import type { Request } from 'express';
import helmet from 'helmet';
import { RecordContactRequestDto } from '../../apps/api/src/customers/commands/record-contact/record-contact.request.dto';
import { createLogger } from '../../apps/api/src/telemetry/logger';
import { requestLogging } from '../../apps/api/src/telemetry/request-logging';
import { GroupCommit } from '@lifeline/customers/application';
import { SqliteEventStore } from '@lifeline/event-store/sqlite';

const appendDir = process.env['HELLO_APPEND_DIR'];
const store = appendDir === undefined ? undefined : SqliteEventStore.open(join(appendDir, 'events.db'));
const groupCommit = store !== undefined && process.env['HELLO_GROUP_COMMIT'] !== 'false' ? new GroupCommit(store) : undefined;
const pipeline = process.env['HELLO_PIPELINE'] === 'true';
/** The bearer key the pipeline's guard accepts (stored as its SHA-256, as API keys are). */
const bearerKey = process.env['HELLO_BEARER_KEY'] ?? '';

/** A bearer key checked against a SQLite table of key hashes, the statement prepared once. */
@Injectable()
class BearerKeyGuard implements CanActivate {
  private readonly byHash = (() => {
    const db = new Database(join(appendDir ?? '.', 'keys.db'));
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE IF NOT EXISTS api_keys (hash TEXT PRIMARY KEY, role TEXT NOT NULL)');
    db.prepare('INSERT OR IGNORE INTO api_keys (hash, role) VALUES (?, ?)').run(sha256(bearerKey), 'admin');
    return db.prepare<[string], { role: string }>('SELECT role FROM api_keys WHERE hash = ?');
  })();

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<Request>().headers.authorization ?? '';
    const secret = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (this.byHash.get(sha256(secret)) === undefined) throw new UnauthorizedException();
    return true;
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The last revision of each stream this process appended to (as the API's state cache knows it). */
const revisions = new Map<string, number>();

@Controller('customers')
class HelloController {
  @Post(':customerId/contacts')
  async record(@Param('customerId') customerId: string, @Body() body: RecordContactRequestDto): Promise<{ customerId: string; contactId?: unknown; position?: number }> {
    if (store === undefined) return { customerId, contactId: body.contactId };
    const streamId = `customer-${customerId}`;
    const last = revisions.get(streamId);
    revisions.set(streamId, (last ?? -1) + 1); // before the await: the next request on this stream expects it
    const events = [
      { eventId: randomUUID(), type: 'CustomerContacted', schemaVersion: 1, occurredAt: new Date().toISOString(), data: { customerId, ...body }, metadata: { correlationId: randomUUID(), principal: 'key:bench' } },
    ];
    const expectedRevision = last ?? 'no_stream';
    const { position } = groupCommit ? await groupCommit.append(streamId, events, expectedRevision) : await store.appendToStream(streamId, events, { expectedRevision });
    return { customerId, contactId: body.contactId, position };
  }
}

@Module({ controllers: [HelloController] })
class HelloModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(HelloModule, { logger: false });
  if (pipeline) {
    app.use(helmet());
    app.use(requestLogging(createLogger({ logLevel: 'info' })));
    app.useGlobalGuards(new BearerKeyGuard());
    // The API's validation options; its problem+json rendering of the errors is its own.
    app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, transform: true, transformOptions: { enableImplicitConversion: false } }));
  }
  process.on('SIGTERM', () => void app.close().then(() => store?.close()).then(() => process.exit(0)));
  await app.listen(Number(process.env['PORT'] ?? 0), '127.0.0.1');
  console.log(`hello-world listening on ${await app.getUrl()}`);
}

void main();
