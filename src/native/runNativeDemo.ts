import { callApi } from './callApi.ts';
import { explainFailure } from './explainFailure.ts';
import { login } from './login.ts';
import { logout } from './logout.ts';
import {
  createNativeDemoContext,
  type NativeDemoContext,
  type NativeDemoIo,
} from './nativeDemoContext.ts';
import {
  NATIVE_DEMO_USAGE,
  type NativeDemoCommand,
  NativeDemoUsageError,
  type OptionDefaults,
  parseNativeDemoOptions,
} from './nativeDemoOptions.ts';
import { refresh } from './refresh.ts';
import { status } from './status.ts';

const COMMANDS: Record<NativeDemoCommand, (context: NativeDemoContext) => Promise<void>> = {
  login,
  refresh,
  status,
  'call-api': callApi,
  logout,
};

export interface RunIo extends NativeDemoIo {
  /** Errors and usage go here (stderr). */
  err(line: string): void;
  hostname: string;
}

/** Runs one command; resolves with the exit code. Never throws, never prints a stack trace. */
export async function runNativeDemo(argv: readonly string[], io: RunIo): Promise<number> {
  const defaults: OptionDefaults = { cwd: io.cwd, hostname: io.hostname };
  let options: ReturnType<typeof parseNativeDemoOptions>;
  try {
    options = parseNativeDemoOptions(argv, defaults);
  } catch (error) {
    io.err(explainFailure(error));
    if (error instanceof NativeDemoUsageError) {
      io.err('Run `npm run native-demo -- help` for the commands and options.');
    }
    return 1;
  }
  if (options.command === 'help') {
    io.out(NATIVE_DEMO_USAGE);
    return 0;
  }
  try {
    await COMMANDS[options.command](createNativeDemoContext(options, io));
    return 0;
  } catch (error) {
    io.err(explainFailure(error));
    return 1;
  }
}
