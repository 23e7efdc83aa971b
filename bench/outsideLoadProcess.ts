/**
 * Child process on the load generator's core: autocannon against one path for a fixed time,
 * with each second's answers and the server's CPU over that second (read from /proc by pid).
 */
import autocannon from 'autocannon';
import { cpuMsOf } from './lib/commandServer.ts';
import { serveRequests } from './lib/processes.ts';

export interface SecondsLoad {
  url: string;
  connections: number;
  seconds: number;
  /** The server's process, for its CPU time. */
  pid: number;
}

export interface SecondsResult {
  /** Answers in each whole second, in order. */
  perSecond: number[];
  /** The server's CPU in each of those seconds, ms. */
  cpuMsPerSecond: number[];
  total: number;
  non2xx: number;
  errors: number;
  /** The server's CPU over the whole run (ms) over its answers, in µs per request. */
  cpuMicrosPerRequest: number;
}

function load({ url, connections, seconds, pid }: SecondsLoad): Promise<SecondsResult> {
  return new Promise((resolve, reject) => {
    const perSecond: number[] = [];
    const cpuMsPerSecond: number[] = [];
    const cpuAtStart = cpuMsOf(pid);
    let cpuBefore = cpuAtStart;
    const instance = autocannon({ url, connections, duration: seconds }, (error, result) => {
      if (error) return reject(error);
      const total = result.requests.total;
      resolve({
        perSecond,
        cpuMsPerSecond,
        total,
        non2xx: result.non2xx,
        errors: result.errors,
        cpuMicrosPerRequest: ((cpuMsOf(pid) - cpuAtStart) * 1000) / total,
      });
    });
    instance.on('tick', ({ counter }) => {
      // autocannon ticks once more as it stops: not a second of the run.
      if (perSecond.length === seconds) return;
      const cpu = cpuMsOf(pid);
      perSecond.push(counter);
      cpuMsPerSecond.push(cpu - cpuBefore);
      cpuBefore = cpu;
    });
  });
}

serveRequests({ load: (payload: SecondsLoad) => load(payload) });
