import { get, type IncomingMessage } from 'node:http';

/** One Server-Sent Events message as a browser's EventSource would dispatch it. */
export interface SseMessage {
  readonly id?: string;
  readonly event?: string;
  readonly data: string;
}

/**
 * A minimal EventSource over fetch for tests: connects, parses the stream as the HTML spec
 * says (fields, blank-line dispatch, comments) and lets the test wait for what it expects.
 */
export class SseClient {
  readonly messages: SseMessage[] = [];
  readonly comments: string[] = [];
  private readonly abort = new AbortController();
  private waiters: (() => void)[] = [];
  private reading?: Promise<void>;
  /** While set, the client reads nothing more: the server's writes back up, as with a slow consumer. */
  private gate?: { opened: Promise<void>; open: () => void };
  status = 0;
  contentType = '';

  /**
   * Over node:http rather than fetch: when the client stops reading (pause), the socket stops
   * being read too, so TCP back-pressure reaches the server as with a slow consumer.
   */
  static async connectWithBackPressure(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const client = new SseClient();
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      get(url, { headers: { accept: 'text/event-stream', ...headers }, signal: client.abort.signal }, resolve).on('error', reject);
    });
    client.status = response.statusCode ?? 0;
    client.contentType = response.headers['content-type'] ?? '';
    client.reading = client.read(response).catch(() => undefined);
    return client;
  }

  static async connect(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const client = new SseClient();
    const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: client.abort.signal });
    client.status = response.status;
    client.contentType = response.headers.get('content-type') ?? '';
    client.reading = client.read(response.body!).catch(() => undefined);
    return client;
  }

  /** Resolves once `count` messages arrived; rejects after `timeoutMs` with what did arrive. */
  async waitForMessages(count: number, timeoutMs = 5000): Promise<SseMessage[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.messages.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`expected ${count} SSE messages, got ${this.messages.length}: ${JSON.stringify(this.messages)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.messages.slice(0, count);
  }

  /** Stops reading the response (TCP back-pressure reaches the server) until `resume()`. */
  pause(): void {
    if (this.gate) return;
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    this.gate = { opened, open };
  }

  resume(): void {
    this.gate?.open();
    this.gate = undefined;
  }

  async close(): Promise<void> {
    this.resume();
    this.abort.abort();
    await this.reading;
  }

  private async read(body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    let fields: { id?: string; event?: string; data: string[] } = { data: [] };
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
      if (this.gate) await this.gate.opened;
      buffer += decoder.decode(chunk, { stream: true });
      let newline: number;
      while ((newline = buffer.search(/\r?\n/)) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + (buffer[newline] === '\r' ? 2 : 1));
        if (line === '') {
          if (fields.data.length > 0) this.messages.push({ id: fields.id, event: fields.event, data: fields.data.join('\n') });
          fields = { data: [] };
          this.waiters.splice(0).forEach((wake) => wake());
          continue;
        }
        if (line.startsWith(':')) {
          this.comments.push(line.slice(1).trim());
          continue;
        }
        const colon = line.indexOf(':');
        const name = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (name === 'data') fields.data.push(value);
        else if (name === 'id') fields.id = value;
        else if (name === 'event') fields.event = value;
      }
    }
  }
}
