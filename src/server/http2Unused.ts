/**
 * Stands in for `node:http2` in the bundled command line, which serves HTTP/1.1 only: the
 * @hono/node-server checks for an HTTP/2 request are then never true, as they would not be with
 * the real module, and Node does not load http2 (about 5 ms of the start).
 */
export class Http2ServerRequest {}

export const constants = { NGHTTP2_NO_ERROR: 0 };
