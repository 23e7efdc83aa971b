import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import type { Context } from 'hono';
import { invalidRequest } from '../domain/oauthError.ts';
import { nodeIncomingOf } from './nodeIncoming.ts';
import { nodeRequestHeader } from './nodeRequestHeader.ts';

const tooLarge = () => invalidRequest('The request body is too large');

/** The client hung up mid-body; createAuthServer's error handler knows this code. */
const aborted = () => Object.assign(new Error('The request was aborted'), { code: 'ECONNRESET' });

const withoutBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

function readIncoming(incoming: IncomingMessage, maxBytes: number): Promise<string> {
  // Listeners stay on once settled (a flag silences them): the stream is this request's alone.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    // What is left of a refused body is drained by @hono/node-server once the answer is sent.
    incoming.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
      else {
        settled = true;
        chunks.length = 0;
        reject(tooLarge());
      }
    });
    incoming.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(withoutBom(Buffer.concat(chunks, size).toString('utf8')));
    });
    incoming.on('error', () => {
      if (!settled) reject(aborted());
      settled = true;
    });
    incoming.on('close', () => {
      if (!settled) reject(aborted());
      settled = true;
    });
  });
}

/**
 * A small body has usually arrived with its headers: once Node's parser has the whole message
 * (`complete`), all of it waits in the stream's buffer and one read() takes it, without the
 * listeners and ticks of a flowing stream. The stream then ends as usual.
 */
function takeBuffered(incoming: IncomingMessage, maxBytes: number): string {
  const body = incoming.read() as Buffer | null;
  if (body && body.length > maxBytes) throw tooLarge();
  return body ? withoutBom(body.toString('utf8')) : '';
}

/**
 * The request body as UTF-8 text, refused (invalid_request) past `maxBytes`. Under Node it is
 * read straight from the socket's stream: a web `Request` body would cost a ReadableStream, an
 * AbortController and a copy per request, more than the rest of a token request but signing.
 * In-process requests (tests, `app.request`), and bodies something already started reading,
 * go through the `Request`.
 */
export async function readBodyText(c: Context, maxBytes: number): Promise<string> {
  const declared = Number(nodeRequestHeader(c, 'content-length') ?? 0);
  if (declared > maxBytes) throw tooLarge();
  const incoming: unknown = nodeIncomingOf(c);
  // Only a real stream: tests pass bindings with just a socket address.
  if (incoming instanceof Readable && !incoming.readableDidRead && !incoming.readableEnded) {
    const request = incoming as IncomingMessage;
    return request.complete ? takeBuffered(request, maxBytes) : readIncoming(request, maxBytes);
  }
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.byteLength > maxBytes) throw tooLarge();
  return withoutBom(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
}
