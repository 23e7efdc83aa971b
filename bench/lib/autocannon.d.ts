/** The part of autocannon 9's API the benchmarks use (it ships no types). */
declare module 'autocannon' {
  namespace autocannon {
    interface Request {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string | undefined;
      setupRequest?: (request: Request, context: Record<string, unknown>) => Request;
    }
    interface Histogram {
      average: number;
      p50: number;
      p90: number;
      p97_5: number;
      p99: number;
      max: number;
    }
    interface Options {
      url: string;
      connections?: number;
      pipelining?: number;
      duration?: number;
      amount?: number;
      timeout?: number;
      requests?: Request[];
    }
    interface Result {
      latency: Histogram;
      /** `total`: every answer of the run. */
      requests: Histogram & { total: number };
      errors: number;
      timeouts: number;
      non2xx: number;
      start: Date;
      finish: Date;
      statusCodeStats?: Record<string, { count: number }>;
    }
  }
  interface Instance {
    on(event: 'response', listener: (client: unknown, statusCode: number) => void): void;
    /** Once a second: the answers (and bytes) of that second. */
    on(event: 'tick', listener: (counts: { counter: number; bytes: number }) => void): void;
    stop(): void;
  }
  function autocannon(options: autocannon.Options): Promise<autocannon.Result>;
  function autocannon(
    options: autocannon.Options,
    done: (error: Error | null, result: autocannon.Result) => void,
  ): Instance;
  export default autocannon;
}
