import {hostname} from 'node:os'
import {Flags} from '@oclif/core'
import {builtinChecks} from '../../checks/index.js'
import {FORMATS, isFormat, render, type Format} from '../../reports/index.js'
import {colorWanted} from '../../reports/colors.js'
import {renderLiveHeader, renderTextTail, resultBlock} from '../../reports/text.js'
import {BaseCommand} from '../cli/base-command.js'
import {settingFlags} from '../cli/flags.js'
import {resolveSettings} from '../config/resolve-settings.js'
import {demoReportsNotWritten, startDemo} from '../demo/demo-environment.js'
import {deliverByEmail} from '../delivery/email.js'
import {EMAIL_ON} from '../delivery/email-settings.js'
import {diagnose, registerSettingSecrets} from '../engine/diagnose.js'
import {SecretRegistry} from '../engine/secrets.js'
import {UsageError} from '../engine/errors.js'
import {outputSpecs} from '../output/output-specs.js'
import {withOutputFailures} from '../output/output-failures.js'
import {writeOutputs} from '../output/write-output.js'

export default class Run extends BaseCommand {
  static override summary = 'Run the checks and report'
  static override description = `Runs every check (or those chosen with --only/--skip) in parallel and reports.
The exit code is the CI gate: 0 when nothing is at or above --fail-on; otherwise 2 if any check failed, else 3 if any errored, else 1 if any warned. Usage and config errors exit 3.
--output is repeatable and takes its format from the extension (.html, .json, .txt, .md markdown, .xml junit, .prom prometheus, .nagios), or from a FORMAT: prefix. A device, FIFO or /dev/stdout is written to, a symlink is followed, an existing file keeps its mode and owner; an output that cannot be written is one line on stderr and exit 3, the others are still written.
--email-to sends the report by e-mail after the files are written; a failed send prints one line and exits 3. With --email-on changes the e-mail goes only when the problems differ from the last e-mailed run's, and says first (subject and body) which are new, changed and resolved (docs/DELIVERY.md).`

  static override examples = [
    '<%= config.bin %> run',
    '<%= config.bin %> run --install-dir "C:\\Program Files\\3CX Phone System" --output report.html --output report.json',
    '<%= config.bin %> run --format json --fail-on fail --only install,api',
    '<%= config.bin %> run --demo',
    '<%= config.bin %> run --demo v20 --format markdown',
    '<%= config.bin %> run --format nagios --only time,network',
    '<%= config.bin %> run --quiet --output /var/lib/node_exporter/textfile_collector/tcx_doctor.prom',
    'TCX_SMTP_PASSWORD=... <%= config.bin %> run --quiet --email-to admins@example.com --email-from pbx@example.com --smtp-url smtp://pbx@mail.example.com:587 --email-on changes',
  ]

  static override flags = {
    ...settingFlags('run'),
    format: Flags.string({description: 'format written to stdout', options: FORMATS, default: 'text'}),
    output: Flags.string({char: 'o', description: 'also write the report to FILE, format from its extension (repeatable)', multiple: true, helpValue: 'FILE'}),
    quiet: Flags.boolean({char: 'q', description: 'print nothing on stdout (with --output, for scheduled runs)', default: false}),
    color: Flags.boolean({description: 'colour the text report (default: on a TTY, unless NO_COLOR is set)', allowNo: true}),
    verbose: Flags.boolean({char: 'v', description: 'show the evidence of non-passing checks in the text report, and their raw JSON evidence in the HTML report', default: false}),
    'email-to': Flags.string({description: 'e-mail the report (HTML, text and JSON attached) to these addresses, comma-separated', helpValue: 'ADDR,...'}),
    'email-from': Flags.string({description: 'sender address of the e-mailed report', helpValue: 'ADDR'}),
    'smtp-url': Flags.string({
      description: `mail server: smtp://[user@]host[:port] (STARTTLS when offered) or smtps://... (implicit TLS); password from env TCX_SMTP_PASSWORD or config email.password`,
      helpValue: 'URL',
    }),
    'email-on': Flags.string({description: 'when to e-mail: always (default), problems (any warn/fail/error), changes (problems differ from the last e-mailed run; the e-mail says which)', options: [...EMAIL_ON]}),
    'state-file': Flags.string({description: 'where --email-on changes remembers the last run (default: per-user, see docs/DELIVERY.md)', helpValue: 'FILE'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Run)
    const settings = await resolveSettings(flags)
    const secrets = new SecretRegistry()
    this.secrets = secrets
    registerSettingSecrets(secrets, settings)
    const outputs = outputSpecs(flags.output ?? [], {cwd: settings.cwd, demo: settings.demo})
    const format = flags.format as Format
    if (!isFormat(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`)
    const tty = process.stdout.isTTY === true
    const color = colorWanted({...(flags.color === undefined ? {} : {flag: flags.color}), env: process.env, isTTY: tty})
    // On a terminal, lines wrap to its width (80 when it does not say); a pipe or file gets one line per item.
    const text = {color, evidence: flags.verbose, ...(tty ? {width: process.stdout.columns || 80} : {})}
    const live = format === 'text' && !flags.quiet && tty
    // Live: the header, then each result once as it finishes (skips are grouped by reason in the tail).
    if (live) this.out(renderLiveHeader({version: this.config.version, hostname: hostname()}, text))
    const report = await diagnose(settings, {
      builtins: builtinChecks,
      secrets,
      startDemo,
      ...(live
        ? {
            onResult: (r) => {
              if (r.status !== 'skip') this.out(resultBlock(r, text))
            },
          }
        : {}),
    })
    const writeFailures = await writeOutputs(outputs.map((o) => ({path: o.path, content: () => render(report, o.format, {color: false, verbose: flags.verbose, docsBase: settings.docsBaseUrl})})))
    // The demo's own files (--demo without --output) are a convenience: a folder that takes none is one line, and the verdict stands.
    const demoFiles = settings.demo && (flags.output ?? []).length === 0
    const demoFailures = demoFiles ? writeFailures : []
    const failures = demoFiles ? [] : writeFailures
    // A report file that could not be written makes the run UNKNOWN (exit 3); stdout still gets the report.
    const shown = failures.length > 0 ? withOutputFailures(report, failures.map((f) => f.line), {asNotices: format !== 'text'}) : report
    if (!flags.quiet) {
      if (live) this.out(renderTextTail(shown, text))
      else this.out(render(shown, format, {color, verbose: flags.verbose, docsBase: settings.docsBaseUrl, ...(text.width ? {width: text.width} : {})}))
      const written = outputs.filter((o) => !writeFailures.some((f) => f.path === o.path))
      if (format === 'text') for (const o of written) this.out(`Wrote ${o.format} report to ${o.path}\n`)
    }
    for (const failure of failures) this.problem(failure.line)
    if (demoFailures.length > 0) this.problem(demoReportsNotWritten(settings.cwd, demoFailures))
    process.exitCode = shown.exitCode
    if (settings.email) {
      // After the report files: a failed send still leaves them written.
      const delivery = await deliverByEmail(report, settings.email, undefined, {verbose: flags.verbose, ...(settings.docsBaseUrl ? {docsBase: settings.docsBaseUrl} : {})})
      if (!delivery.ok) {
        this.problem(delivery.line)
        process.exitCode = 3
      } else if (!flags.quiet && format === 'text') {
        this.out(`${secrets.redact(delivery.line)}\n`)
      }
    }
  }
}
