import * as z from 'zod/mini';

// zod compiles an object schema to a function on its first parse, which pays only for repeated
// parses; the command line parses its config once. zod reads the setting when a schema is built,
// so this module must run before any module that builds one: cli.ts imports it first. Not in the
// kit: a test process may share this zod with its own code.
z.config({ jitless: true });
