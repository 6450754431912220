#!/usr/bin/env node
import {execute} from '@oclif/core'

await execute({dir: import.meta.url})
// A check or plugin that never settles (a hung socket, a stray timer) must not keep
// a finished run alive: once stdout and stderr are flushed, exit with the run's code.
const exit = () => process.exit(process.exitCode ?? 0)
process.stdout.write('', () => process.stderr.write('', exit))
