#!/usr/bin/env node
// `--version` alone is answered without loading oclif (monitoring scripts call it often), in
// oclif's own format: "tcx-doctor/0.1.0 linux-x64 node-v20.20.2".
const args = process.argv.slice(2)
if (args.length === 1 && args[0] === '--version') {
  const {readFileSync} = await import('node:fs')
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  process.stdout.write(`${pkg.oclif?.bin ?? pkg.name}/${pkg.version} ${process.platform}-${process.arch} node-${process.version}\n`)
} else {
  const {execute} = await import('@oclif/core')
  await execute({dir: import.meta.url})
  // A check or plugin that never settles (a hung socket, a stray timer) must not keep
  // a finished run alive: once stdout and stderr are flushed, exit with the run's code.
  const exit = () => process.exit(process.exitCode ?? 0)
  process.stdout.write('', () => process.stderr.write('', exit))
}
