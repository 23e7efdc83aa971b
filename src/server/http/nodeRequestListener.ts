import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { installLightResponse, LightResponse, type PlainAnswer } from './lightResponse.ts';
import { runtimeWebClass } from './runtimeWebClass.ts';

/** What the fetch handler gets besides the request: the Node request and response. */
export interface NodeBindings {
  incoming: IncomingMessage;
  outgoing: ServerResponse;
}

export type NodeFetchHandler = (
  request: Request,
  env: NodeBindings,
) => Response | Promise<Response>;

class RequestTargetError extends Error {}

/**
 * The URL a request names, as @hono/node-server builds it: an absolute target as given, else
 * the Host header's authority and the path. A backslash before the query, a missing Host or one
 * that does not parse to itself is refused (400).
 */
export function requestUrlOf(incoming: IncomingMessage): string {
  const target = incoming.url ?? '';
  const backslash = target.indexOf('\\');
  if (backslash !== -1) {
    const query = target.indexOf('?');
    if (query === -1 || backslash < query)
      throw new RequestTargetError('Backslash in request path');
  }
  if (target[0] !== '/' && (target.startsWith('http://') || target.startsWith('https://'))) {
    try {
      return new URL(target).href;
    } catch {
      throw new RequestTargetError('Invalid absolute URL');
    }
  }
  const host = incoming.headers.host;
  if (!host) throw new RequestTargetError('Missing host header');
  const scheme = (incoming.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  let url: URL;
  try {
    url = new URL(`${scheme}://${host}${target}`);
  } catch {
    throw new RequestTargetError('Invalid request target');
  }
  if (url.hostname.length !== host.length && url.hostname !== host.replace(/:\d+$/, '')) {
    throw new RequestTargetError('Invalid host header');
  }
  return url.href;
}

/**
 * The request Hono sees: method and URL from the Node request, and nothing of the runtime's
 * `Request` until something reads more (headers, the body through the web API, the signal).
 * A discovery or JWKS request reads neither; our routes read bodies from the Node stream
 * (readBodyText.ts) and single headers from the raw list (nodeRequestHeader.ts).
 */
class NodeRequest {
  readonly method: string;
  readonly url: string;
  readonly #incoming: IncomingMessage;
  readonly #outgoing: ServerResponse;
  #headers: Headers | undefined;
  #runtime: Request | undefined;

  constructor(incoming: IncomingMessage, outgoing: ServerResponse, url: string) {
    this.#incoming = incoming;
    this.#outgoing = outgoing;
    this.method = incoming.method ?? 'GET';
    this.url = url;
  }

  get headers(): Headers {
    if (!this.#headers) {
      const raw = this.#incoming.rawHeaders;
      const pairs: [string, string][] = [];
      for (let i = 0; i + 1 < raw.length; i += 2)
        pairs.push([raw[i] as string, raw[i + 1] as string]);
      this.#headers = new Headers(pairs);
    }
    return this.#headers;
  }

  #toRuntime(): Request {
    if (!this.#runtime) {
      const abort = new AbortController();
      const outgoing = this.#outgoing;
      outgoing.once('close', () => {
        if (!outgoing.writableFinished) abort.abort(new Error('The client went away'));
      });
      const hasBody = this.method !== 'GET' && this.method !== 'HEAD';
      const RuntimeRequest = runtimeWebClass('Request');
      this.#runtime = new RuntimeRequest(this.url, {
        // The runtime refuses TRACE as a Request method; nothing here serves it anyway.
        method: this.method === 'TRACE' ? 'GET' : this.method,
        headers: this.headers,
        signal: abort.signal,
        ...(hasBody ? { body: Readable.toWeb(this.#incoming), duplex: 'half' } : {}),
      } as RequestInit);
    }
    return this.#runtime;
  }

  get body() {
    return this.#toRuntime().body;
  }
  get bodyUsed() {
    return this.#runtime?.bodyUsed ?? false;
  }
  get signal() {
    return this.#toRuntime().signal;
  }
  get cache() {
    return this.#toRuntime().cache;
  }
  get credentials() {
    return this.#toRuntime().credentials;
  }
  get destination() {
    return this.#toRuntime().destination;
  }
  get integrity() {
    return this.#toRuntime().integrity;
  }
  get keepalive() {
    return this.#toRuntime().keepalive;
  }
  get mode() {
    return this.#toRuntime().mode;
  }
  get redirect() {
    return this.#toRuntime().redirect;
  }
  get referrer() {
    return this.#toRuntime().referrer;
  }
  get referrerPolicy() {
    return this.#toRuntime().referrerPolicy;
  }
  arrayBuffer() {
    return this.#toRuntime().arrayBuffer();
  }
  blob() {
    return this.#toRuntime().blob();
  }
  clone() {
    return this.#toRuntime().clone();
  }
  formData() {
    return this.#toRuntime().formData();
  }
  json() {
    return this.#toRuntime().json();
  }
  text() {
    return this.#toRuntime().text();
  }
}

const DEFAULT_CONTENT_TYPE = 'text/plain; charset=UTF-8';

/** Headers for writeHead: repeated Set-Cookie kept apart, a content type always (as before). */
function outgoingHeaders(headers: Headers): OutgoingHttpHeaders {
  const record: OutgoingHttpHeaders = {};
  const cookies: string[] = [];
  for (const [name, value] of headers) {
    if (name === 'set-cookie') cookies.push(value);
    else record[name] = value;
  }
  if (cookies.length > 0) record['set-cookie'] = cookies;
  record['content-type'] ??= DEFAULT_CONTENT_TYPE;
  return record;
}

const hasContentLength = (record: OutgoingHttpHeaders) => {
  for (const name in record) {
    if (name.length === 14 && name.toLowerCase() === 'content-length') return true;
  }
  return false;
};

/** Not `instanceof Headers`: reading that global would load undici (runtimeWebClass.ts). */
const isPlainRecord = (headers: object): headers is Record<string, string> => {
  const prototype = Object.getPrototypeOf(headers);
  return prototype === Object.prototype || prototype === null;
};

/** A string, bytes or no body, written in one go with its length. */
function writePlain({ status, body, headers }: PlainAnswer, outgoing: ServerResponse): void {
  let record: OutgoingHttpHeaders;
  if (headers === undefined) record = { 'content-type': DEFAULT_CONTENT_TYPE };
  else if (isPlainRecord(headers)) record = { ...headers };
  else record = outgoingHeaders(Array.isArray(headers) ? new Headers(headers) : headers);
  if (body !== null && !hasContentLength(record)) {
    record['content-length'] = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
  }
  outgoing.writeHead(status, record);
  outgoing.end(body ?? undefined);
}

/** The read's result if it settles within a couple of ticks (a body already there), else undefined. */
const settledSoon = <T>(read: Promise<T>): Promise<T | undefined> =>
  Promise.race([read, Promise.resolve().then(() => undefined)]);

/** Until the socket takes more, or is gone. */
const drainedOrClosed = (outgoing: ServerResponse) =>
  new Promise<void>((resolve) => {
    const done = () => {
      outgoing.off('drain', done);
      outgoing.off('close', done);
      resolve();
    };
    outgoing.on('drain', done);
    outgoing.on('close', done);
  });

/**
 * Any other body (a static file's stream; an answer whose headers changed after it was made)
 * goes as it comes. One that is all there at once goes with its length, not chunked, as
 * @hono/node-server sends it.
 */
async function writeStream(response: Response, outgoing: ServerResponse): Promise<void> {
  const record = outgoingHeaders(response.headers);
  if (!response.body) {
    outgoing.writeHead(response.status, record);
    outgoing.end();
    return;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let pending: ReturnType<typeof reader.read> | undefined;
  for (let i = 0; i < 3; i++) {
    pending ??= reader.read();
    const result = await settledSoon(pending);
    if (!result) break;
    pending = undefined;
    if (result.done) {
      if (!hasContentLength(record)) {
        record['content-length'] = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
      }
      outgoing.writeHead(response.status, record);
      for (const chunk of chunks) outgoing.write(chunk);
      outgoing.end();
      return;
    }
    chunks.push(result.value);
  }
  outgoing.writeHead(response.status, record);
  for (const chunk of chunks) outgoing.write(chunk);
  for (;;) {
    if (outgoing.destroyed) {
      await reader.cancel().catch(() => undefined);
      return;
    }
    const { done, value } = await (pending ?? reader.read());
    pending = undefined;
    if (done) break;
    if (!outgoing.write(value)) await drainedOrClosed(outgoing);
  }
  outgoing.end();
}

function writeResponse(response: Response, outgoing: ServerResponse): Promise<void> | undefined {
  const plain = LightResponse.plainAnswerOf(response);
  if (plain) {
    writePlain(plain, outgoing);
    return undefined;
  }
  return writeStream(response, outgoing);
}

const writeEmpty = (outgoing: ServerResponse, status: number) => {
  if (!outgoing.headersSent) outgoing.writeHead(status, { 'content-type': DEFAULT_CONTENT_TYPE });
  outgoing.end();
};

/** The handler threw (not an OAuth error: the app renders those) or the body stream failed. */
function failed(error: unknown, outgoing: ServerResponse): void {
  console.error('[auth-server] could not answer a request', error);
  if (!outgoing.headersSent) writeEmpty(outgoing, 500);
  outgoing.destroy();
}

const UNREAD_BODY_GRACE_MS = 500;

/**
 * A body still arriving once the answer is sent (refused as too large, or never read) is read
 * and dropped so the connection can serve its next request; a client that keeps sending past
 * half a second loses the connection.
 */
function dropUnreadBodyAfterAnswer(incoming: IncomingMessage, outgoing: ServerResponse): void {
  outgoing.once('finish', () => {
    if (incoming.readableEnded || incoming.destroyed) return;
    const timer = setTimeout(() => incoming.socket?.destroySoon(), UNREAD_BODY_GRACE_MS);
    timer.unref();
    incoming.once('end', () => clearTimeout(timer));
    incoming.resume();
  });
}

/**
 * node:http in front of a fetch handler (Hono's `app.fetch`), like @hono/node-server's listener,
 * without reading the runtime's fetch classes before a request needs them: the first discovery
 * answer of a command-line start does not wait for undici to load (see runtimeWebClass.ts).
 * Installs LightResponse as the global Response, as @hono/node-server installs its own.
 */
export function nodeRequestListener(
  fetch: NodeFetchHandler,
): (incoming: IncomingMessage, outgoing: ServerResponse) => void {
  installLightResponse();
  return (incoming, outgoing) => {
    let request: NodeRequest;
    try {
      request = new NodeRequest(incoming, outgoing, requestUrlOf(incoming));
    } catch (error) {
      if (!(error instanceof RequestTargetError)) throw error;
      writeEmpty(outgoing, 400);
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      dropUnreadBodyAfterAnswer(incoming, outgoing);
    }
    const write = (response: Response) => writeResponse(response, outgoing);
    let answer: Response | Promise<Response>;
    try {
      answer = fetch(request as unknown as Request, { incoming, outgoing });
    } catch (error) {
      failed(error, outgoing);
      return;
    }
    if (answer instanceof Promise) {
      answer.then(write).catch((error: unknown) => failed(error, outgoing));
      return;
    }
    try {
      write(answer)?.catch((error: unknown) => failed(error, outgoing));
    } catch (error) {
      failed(error, outgoing);
    }
  };
}
