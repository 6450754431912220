/**
 * The system tools the format tests run (xmllint, promtool, systemd-analyze): a test skips
 * with the Debian package to install when one is missing, except under CI=true, where
 * .ci/apt-packages.txt installs them and a missing tool fails the test.
 */
import {execFileSync, spawnSync} from 'node:child_process'

export function toolMissing(tool: string, versionArgs: string[], debianPackage: string): string | undefined {
  try {
    execFileSync(tool, versionArgs, {stdio: 'ignore'})
    return undefined
  } catch {
    const reason = `${tool} is not installed (Debian package ${debianPackage}, in .ci/apt-packages.txt)`
    if (process.env.CI === 'true') throw new Error(reason)
    return reason
  }
}

export interface ToolRun {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs a tool to its end, never through a shell. */
export function runTool(tool: string, args: string[], options: {cwd?: string; input?: string} = {}): ToolRun {
  const r = spawnSync(tool, args, {encoding: 'utf8', cwd: options.cwd, input: options.input ?? '', maxBuffer: 64 * 1024 * 1024, timeout: 60_000})
  if (r.error) throw r.error
  return {code: r.status, stdout: r.stdout, stderr: r.stderr}
}
