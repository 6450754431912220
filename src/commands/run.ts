import {mkdirSync, renameSync, writeFileSync} from 'node:fs'
import {basename, dirname, join, resolve} from 'node:path'
import {Flags} from '@oclif/core'
import {builtinChecks} from '../../checks/index.js'
import {FORMATS, formatForOutput, isFormat, render, type Format} from '../../reports/index.js'
import {renderTextTail, resultLine} from '../../reports/text.js'
import {BaseCommand} from '../cli/base-command.js'
import {settingFlags} from '../cli/flags.js'
import {resolveSettings} from '../config/resolve-settings.js'
import {startDemo} from '../demo/demo-environment.js'
import {deliverByEmail} from '../delivery/email.js'
import {EMAIL_ON} from '../delivery/email-settings.js'
import {diagnose, registerSettingSecrets} from '../engine/diagnose.js'
import {SecretRegistry} from '../engine/secrets.js'
import {UsageError} from '../engine/errors.js'
import {packageRoot} from '../engine/version.js'

/** Writes a file atomically: a temp file in the same folder, then a rename. */
export function writeFileAtomic(path: string, content: string): void {
  mkdirSync(dirname(path), {recursive: true})
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`)
  writeFileSync(temp, content)
  renameSync(temp, path)
}

export default class Run extends BaseCommand {
  static override summary = 'Run the checks and report'
  static override description = `Runs every check (or those chosen with --only/--skip) in parallel and reports.
The exit code is the CI gate: 0 when nothing is at or above --fail-on; otherwise 2 if any check failed, else 3 if any errored, else 1 if any warned. Usage and config errors exit 3.
--output is repeatable and takes its format from the extension (.html, .json, .txt, .xml junit, .prom prometheus, .nagios), or from a FORMAT: prefix.
--email-to sends the report by e-mail after the files are written; a failed send prints one line and exits 3 (docs/DELIVERY.md).`

  static override examples = [
    '<%= config.bin %> run',
    '<%= config.bin %> run --install-dir "C:\\Program Files\\3CX Phone System" --output report.html --output report.json',
    '<%= config.bin %> run --format json --fail-on fail --only install,api',
    '<%= config.bin %> run --demo',
    '<%= config.bin %> run --quiet --output /var/lib/node_exporter/textfile_collector/tcx_doctor.prom',
    'TCX_SMTP_PASSWORD=... <%= config.bin %> run --quiet --email-to admins@example.com --email-from pbx@example.com --smtp-url smtp://pbx@mail.example.com:587 --email-on changes',
  ]

  static override flags = {
    ...settingFlags('run'),
    format: Flags.string({description: 'format written to stdout', options: FORMATS, default: 'text'}),
    output: Flags.string({char: 'o', description: 'also write the report to FILE, format from its extension (repeatable)', multiple: true, helpValue: 'FILE'}),
    quiet: Flags.boolean({char: 'q', description: 'print nothing on stdout (with --output, for scheduled runs)', default: false}),
    color: Flags.boolean({description: 'colour the text report (default: on a TTY, unless NO_COLOR is set)', allowNo: true}),
    verbose: Flags.boolean({char: 'v', description: 'show the evidence of non-passing checks in the text report', default: false}),
    'email-to': Flags.string({description: 'e-mail the report (HTML, text and JSON attached) to these addresses, comma-separated', helpValue: 'ADDR,...'}),
    'email-from': Flags.string({description: 'sender address of the e-mailed report', helpValue: 'ADDR'}),
    'smtp-url': Flags.string({
      description: `mail server: smtp://[user@]host[:port] (STARTTLS when offered) or smtps://... (implicit TLS); password from env TCX_SMTP_PASSWORD or config email.password`,
      helpValue: 'URL',
    }),
    'email-on': Flags.string({description: 'when to e-mail: always (default), problems (any warn/fail/error), changes (problems differ from the last run)', options: [...EMAIL_ON]}),
    'state-file': Flags.string({description: 'where --email-on changes remembers the last run (default: per-user, see docs/DELIVERY.md)', helpValue: 'FILE'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Run)
    let settings = await resolveSettings(flags)
    const secrets = new SecretRegistry()
    this.secrets = secrets
    registerSettingSecrets(secrets, settings)
    const outputs = (flags.output ?? []).map((spec) => {
      const parsed = formatForOutput(spec)
      if ('error' in parsed) throw new UsageError(parsed.error)
      return {format: parsed.format, path: resolve(settings.cwd, parsed.path)}
    })
    const demo = settings.demo ? await startDemo(settings) : undefined
    if (demo) {
      settings = demo.settings
      if (outputs.length === 0) {
        outputs.push({format: 'html', path: join(packageRoot(), 'reports', 'demo.html')}, {format: 'json', path: join(packageRoot(), 'reports', 'demo.json')})
      }
    }
    const format = flags.format as Format
    if (!isFormat(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`)
    const color = flags.color ?? (process.stdout.isTTY === true && process.env.NO_COLOR === undefined)
    const live = format === 'text' && !flags.quiet && process.stdout.isTTY === true
    let report
    try {
      report = await diagnose(settings, {
        builtins: builtinChecks,
        secrets,
        ...(live ? {onResult: (r) => this.out(`${resultLine(r, {color})}\n`)} : {}),
      })
    } finally {
      await demo?.stop()
    }
    for (const output of outputs) {
      try {
        writeFileAtomic(output.path, render(report, output.format))
      } catch (error) {
        throw new UsageError(`cannot write ${output.path}: ${(error as Error).message}`)
      }
    }
    if (!flags.quiet) {
      if (live) this.out(renderTextTail(report, {color, evidence: flags.verbose}))
      else this.out(render(report, format, {color, verbose: flags.verbose}))
      if (format === 'text') for (const o of outputs) this.out(`Wrote ${o.format} report to ${o.path}\n`)
    }
    process.exitCode = report.exitCode
    if (settings.email) {
      // After the report files: a failed send still leaves them written.
      const delivery = await deliverByEmail(report, settings.email)
      if (!delivery.ok) {
        process.stderr.write(`tcx-doctor: ${secrets.redact(delivery.line)}\n`)
        process.exitCode = 3
      } else if (!flags.quiet && format === 'text') {
        this.out(`${delivery.line}\n`)
      }
    }
  }
}
