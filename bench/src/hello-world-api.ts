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
 *
 * With HELLO_STACK=true as well (the stack floor), the request also meets what this stack and
 * Lifeline's requirements bring as library pieces: an X-Correlation-Id (the API's middleware),
 * @nestjs/throttler's stock guard at HELLO_RATE_LIMIT_PER_MINUTE (on the API's sliding-window
 * storage: the stock storage filters a timestamp per hit, far slower at this limit), a
 * prom-client counter per command outcome in an interceptor, and @nestjs/cqrs's CommandBus
 * carrying the command to a handler that appends. What the API does beyond it is its own code:
 * the hostile-input checks, roles and principals, idempotency, the decider with its state cache
 * and rules, encryption of personal fields, and the projector.
 */
import 'reflect-metadata';
import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import {
  Body,
  Controller,
  Injectable,
  Module,
  Optional,
  Param,
  Post,
  UnauthorizedException,
  ValidationPipe,
  type CallHandler,
  type CanActivate,
  type DynamicModule,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { APP_GUARD, NestFactory } from '@nestjs/core';
import { CommandBus, CommandHandler, CqrsModule, type ICommandHandler } from '@nestjs/cqrs';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { Counter, Registry } from 'prom-client';
import { catchError, tap, throwError, type Observable } from 'rxjs';
import type { NestExpressApplication } from '@nestjs/platform-express';
import Database from 'better-sqlite3';
import type { Request } from 'express';
import helmet from 'helmet';
import { SlidingWindowThrottlerStorage } from '../../apps/api/src/auth/sliding-window-throttler-storage';
import { RecordContactRequestDto } from '../../apps/api/src/customers/commands/record-contact/record-contact.request.dto';
import { correlationIdMiddleware } from '../../apps/api/src/http/correlation-id';
import { createLogger } from '../../apps/api/src/telemetry/logger';
import { requestLogging } from '../../apps/api/src/telemetry/request-logging';
import { GroupCommit } from '@lifeline/customers/application';
import { SqliteEventStore } from '@lifeline/event-store/sqlite';

const appendDir = process.env['HELLO_APPEND_DIR'];
const store = appendDir === undefined ? undefined : SqliteEventStore.open(join(appendDir, 'events.db'));
const groupCommit = store !== undefined && process.env['HELLO_GROUP_COMMIT'] !== 'false' ? new GroupCommit(store) : undefined;
const pipeline = process.env['HELLO_PIPELINE'] === 'true';
const stack = pipeline && process.env['HELLO_STACK'] === 'true';
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

interface ContactAnswer {
  customerId: string;
  contactId?: unknown;
  position?: number;
}

async function recordContact(customerId: string, body: RecordContactRequestDto): Promise<ContactAnswer> {
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

class RecordContact {
  constructor(
    readonly customerId: string,
    readonly body: RecordContactRequestDto,
  ) {}
}

@CommandHandler(RecordContact)
class RecordContactHandler implements ICommandHandler<RecordContact, ContactAnswer> {
  execute(command: RecordContact): Promise<ContactAnswer> {
    return recordContact(command.customerId, command.body);
  }
}

/** A command counter by outcome, the usual way: an interceptor around the handler. */
@Injectable()
class CommandCounter implements NestInterceptor {
  private readonly commands = new Counter({ name: 'hello_commands_total', help: 'commands by outcome', labelNames: ['command', 'outcome'], registers: [new Registry()] });

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      tap(() => this.commands.inc({ command: 'RecordContact', outcome: 'ok' })),
      catchError((error: unknown) => {
        this.commands.inc({ command: 'RecordContact', outcome: 'error' });
        return throwError(() => error);
      }),
    );
  }
}

@Controller('customers')
class HelloController {
  constructor(@Optional() private readonly commandBus?: CommandBus) {}

  @Post(':customerId/contacts')
  record(@Param('customerId') customerId: string, @Body() body: RecordContactRequestDto): Promise<ContactAnswer> {
    return this.commandBus ? this.commandBus.execute(new RecordContact(customerId, body)) : recordContact(customerId, body);
  }
}

@Module({})
class HelloModule {
  static forRoot(): DynamicModule {
    if (!stack) return { module: HelloModule, controllers: [HelloController] };
    const limit = Number(process.env['HELLO_RATE_LIMIT_PER_MINUTE'] ?? 1_000_000);
    return {
      module: HelloModule,
      imports: [CqrsModule.forRoot(), ThrottlerModule.forRoot({ throttlers: [{ ttl: 60_000, limit }], storage: new SlidingWindowThrottlerStorage() })],
      controllers: [HelloController],
      // As the API's: who is calling, then how often (a refused key is not counted).
      providers: [RecordContactHandler, { provide: APP_GUARD, useClass: BearerKeyGuard }, { provide: APP_GUARD, useClass: ThrottlerGuard }],
    };
  }
}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(HelloModule.forRoot(), { logger: false });
  if (pipeline) {
    app.use(helmet());
    if (stack) app.use(correlationIdMiddleware);
    app.use(requestLogging(createLogger({ logLevel: 'info' })));
    if (!stack) app.useGlobalGuards(new BearerKeyGuard());
    // The API's validation options; its problem+json rendering of the errors is its own.
    app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true, transform: true, transformOptions: { enableImplicitConversion: false } }));
    if (stack) app.useGlobalInterceptors(new CommandCounter());
  }
  process.on('SIGTERM', () => void app.close().then(() => store?.close()).then(() => process.exit(0)));
  await app.listen(Number(process.env['PORT'] ?? 0), '127.0.0.1');
  console.log(`hello-world listening on ${await app.getUrl()}`);
}

void main();
