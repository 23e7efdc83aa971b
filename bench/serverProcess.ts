/** Child process: one authorization server under test (argv[2] names it), pinned to its core. */
import { serveRequests } from './lib/processes.ts';
import { targetNamed } from './lib/targets.ts';

const target = targetNamed(process.argv[2] ?? '');
const started = await target.start();

serveRequests({
  url: () => started.url,
  rss: () => process.memoryUsage().rss,
  stop: async () => {
    await started.close();
    setImmediate(() => process.exit(0));
    return true;
  },
});
