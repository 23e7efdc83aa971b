import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { nodeRequestHeader } from './nodeRequestHeader.ts';

const app = new Hono();
app.get('/', (c) => c.json({ value: nodeRequestHeader(c, 'sec-fetch-dest') ?? null }));

const read = async (request: Request, env?: unknown) =>
  (await (await app.fetch(request, env)).json()).value;

describe('nodeRequestHeader', () => {
  it('reads the Node request raw headers, whatever their case', async () => {
    const env = { incoming: { rawHeaders: ['Host', 'x', 'Sec-Fetch-Dest', 'iframe'] } };
    expect(await read(new Request('http://localhost/'), env)).toBe('iframe');
  });

  it('joins a repeated header as Headers.get does', async () => {
    const env = { incoming: { rawHeaders: ['sec-fetch-dest', 'a', 'SEC-FETCH-DEST', 'b'] } };
    const request = new Request('http://localhost/', {
      headers: [
        ['sec-fetch-dest', 'a'],
        ['sec-fetch-dest', 'b'],
      ],
    });
    expect(await read(new Request('http://localhost/'), env)).toBe(
      request.headers.get('sec-fetch-dest'),
    );
  });

  it('is undefined when absent, and reads the Request when there is no Node request', async () => {
    expect(
      await read(new Request('http://localhost/'), { incoming: { rawHeaders: [] } }),
    ).toBeNull();
    const request = new Request('http://localhost/', { headers: { 'sec-fetch-dest': 'document' } });
    expect(await read(request)).toBe('document');
  });
});
