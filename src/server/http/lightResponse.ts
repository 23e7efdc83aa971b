import { runtimeWebClass, whenRuntimeWebClassesLoad } from './runtimeWebClass.ts';

type HeadersInput = Headers | Record<string, string> | [string, string][] | undefined;

/** What the Node listener writes straight to the socket for a light response. */
export interface PlainAnswer {
  status: number;
  body: string | Uint8Array | null;
  /** As given to the constructor, or the Headers object handed out since. */
  headers: HeadersInput;
}

const isPlainBody = (body: unknown): body is string | Uint8Array | null | undefined =>
  body === null || body === undefined || typeof body === 'string' || body instanceof Uint8Array;

/**
 * The `Response` our routes and Hono build (installed as the global by the Node listener, as
 * @hono/node-server does): a string, byte or empty body with its status and headers is kept as
 * given, and the Node listener writes it as such. A Response costs a body stream and a Headers
 * object, more than a discovery answer's own work, and its class needs undici loaded.
 * Anything else asked of it (a body stream, `clone()`, `json()`, another body type) goes to a
 * runtime Response built then, which stands for this one from that moment on.
 */
export class LightResponse {
  #body: unknown;
  #status: number;
  #statusText: string | undefined;
  #headers: HeadersInput;
  /** The Headers object handed out by `headers`: what is written once someone changed it. */
  #headersObject: Headers | undefined;
  #runtime: Response | undefined;

  constructor(body?: ConstructorParameters<typeof Response>[0], init?: ResponseInit | Response) {
    this.#body = body ?? null;
    this.#status = init?.status ?? 200;
    this.#statusText = init?.statusText;
    // A Response as init (Hono does this for HEAD and when a response is replaced): its headers.
    this.#headers = (init?.headers ?? undefined) as HeadersInput;
    if (!isPlainBody(body) && !(body instanceof ArrayBuffer)) this.#toRuntime();
  }

  static json(data: unknown, init?: ResponseInit): Response {
    return runtimeWebClass('Response').json(data, init);
  }
  static redirect(
    url: string | URL,
    status: Parameters<typeof Response.redirect>[1] = 302,
  ): Response {
    return runtimeWebClass('Response').redirect(url, status);
  }
  static error(): Response {
    return runtimeWebClass('Response').error();
  }

  /**
   * A runtime Response (fetch's, in a test process that also runs the server) is a Response
   * too: told by its tag, as undici cannot be asked without loading it. openid-client, for one,
   * refuses answers that are not `instanceof Response`.
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    if (typeof value !== 'object' || value === null) return false;
    return (
      Object.prototype.isPrototypeOf.call(LightResponse.prototype, value) ||
      Object.prototype.toString.call(value) === '[object Response]'
    );
  }

  get [Symbol.toStringTag](): string {
    return 'Response';
  }

  /**
   * The answer to write when its body is a string, bytes or nothing (else undefined): with the
   * status and headers as they now stand, also after something made it a runtime Response.
   */
  static plainAnswerOf(response: unknown): PlainAnswer | undefined {
    if (typeof response !== 'object' || response === null || !(#body in response)) return undefined;
    const body =
      response.#body instanceof ArrayBuffer ? new Uint8Array(response.#body) : response.#body;
    if (!isPlainBody(body)) return undefined;
    return {
      status: response.status,
      body: body ?? null,
      headers: response.#runtime?.headers ?? response.#headersObject ?? response.#headers,
    };
  }

  #toRuntime(): Response {
    if (!this.#runtime) {
      const RuntimeResponse = runtimeWebClass('Response');
      this.#runtime = new RuntimeResponse(this.#body as ConstructorParameters<typeof Response>[0], {
        status: this.#status,
        ...(this.#statusText === undefined ? {} : { statusText: this.#statusText }),
        headers: this.#headersObject ?? this.#headers,
      });
    }
    return this.#runtime;
  }

  get status(): number {
    return this.#runtime ? this.#runtime.status : this.#status;
  }
  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }
  get statusText(): string {
    return this.#runtime ? this.#runtime.statusText : (this.#statusText ?? '');
  }
  get headers(): Headers {
    if (this.#runtime) return this.#runtime.headers;
    // A copy, as a Response makes one: changing it changes this answer, not the init's object.
    this.#headersObject ??= new Headers(this.#headers);
    return this.#headersObject;
  }
  get body(): ReadableStream<Uint8Array> | null {
    return this.#toRuntime().body;
  }
  get bodyUsed(): boolean {
    return this.#runtime?.bodyUsed ?? false;
  }
  get redirected(): boolean {
    return false;
  }
  get type(): Response['type'] {
    return this.#runtime?.type ?? 'default';
  }
  get url(): string {
    return this.#runtime?.url ?? '';
  }
  arrayBuffer(): Promise<ArrayBuffer> {
    return this.#toRuntime().arrayBuffer();
  }
  blob(): Promise<Blob> {
    return this.#toRuntime().blob();
  }
  async bytes(): Promise<Uint8Array> {
    return new Uint8Array(await this.arrayBuffer());
  }
  clone(): Response {
    return this.#toRuntime().clone();
  }
  formData(): Promise<FormData> {
    return this.#toRuntime().formData();
  }
  json(): Promise<unknown> {
    return this.#toRuntime().json();
  }
  text(): Promise<string> {
    return this.#toRuntime().text();
  }
}

// Once undici is loaded anyway, our responses are runtime Responses too for `instanceof`
// against the runtime's class (runtime code that checks a Response it is handed).
whenRuntimeWebClassesLoad(() => {
  Object.setPrototypeOf(LightResponse.prototype, runtimeWebClass('Response').prototype);
});

/**
 * Puts LightResponse on the global, where Hono's `c.json()`, `c.html()`… and our routes'
 * `new Response()` find it. Reading the global before would load undici, so it is redefined.
 */
export function installLightResponse(): void {
  if (Object.getOwnPropertyDescriptor(globalThis, 'Response')?.value === LightResponse) return;
  Object.defineProperty(globalThis, 'Response', {
    value: LightResponse,
    writable: true,
    configurable: true,
    enumerable: false,
  });
}
