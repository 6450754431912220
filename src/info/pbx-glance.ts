/**
 * The first section of `tcx-doctor info`: the PBX at a glance, the same facts as every
 * report's header (reports/pbx-summary.ts): version, platform, FQDN, IPs, trunks and
 * extensions registered, calls active / limit, last backup, licence expiry. Each comes
 * from its source (install, version, console SystemStatus); what a source cannot tell is
 * "not known" with the reason.
 */
import type {RunContext} from '../engine/context.js'
import type {Target} from '../engine/report.js'
import {glanceFacts, pbxFacts} from '../../reports/pbx-summary.js'
import {consoleSource, glanceOfConsole} from '../sources/console/index.js'
import {installSource} from '../sources/install/index.js'
import {versionSource} from '../sources/version/index.js'
import type {InfoProvider} from './collect-info.js'

const unknown = (reason: string): string => `not known: ${reason}`

async function glanceTarget(ctx: RunContext): Promise<{target: Target; reasons: {install?: string; version?: string}}> {
  const target: Target = {hostname: ''}
  const reasons: {install?: string; version?: string} = {}
  const [install, version, api] = await Promise.all([ctx.tryUse(installSource), ctx.tryUse(versionSource), ctx.tryUse(consoleSource)])
  if (install.ok) Object.assign(target, {installDir: install.value.root, platform: install.value.platform, installLayout: {id: install.value.installLayout.id}})
  else reasons.install = install.reason
  if (version.ok) target.version = {text: version.value.version.text, from: version.value.from}
  else reasons.version = version.reason
  if (api.ok) {
    try {
      target.glance = await glanceOfConsole(api.value)
    } catch (error) {
      target.glanceUnknown = `the console's SystemStatus could not be read (${error instanceof Error ? error.message : String(error)})`
    }
  } else target.glanceUnknown = `the console is unavailable (${api.reason})`
  return {target, reasons}
}

export const pbxGlanceProvider: InfoProvider = {
  title: 'PBX at a glance',
  source: 'install, version, console',
  async collect(ctx) {
    const {target, reasons} = await glanceTarget(ctx)
    const f = pbxFacts(target)
    const g = glanceFacts(target)
    const fromConsole = (value: string | undefined): string => value ?? unknown(g.glanceUnknown ?? 'not reported')
    return {
      version: f.version ? `${f.version}${f.versionFrom ? ` (${f.versionFrom})` : ''}` : unknown(reasons.version ?? 'no origin told it'),
      platform: f.platform ? `${f.platform}${f.layout ? ` (${f.layout} layout)` : ''}` : unknown(reasons.install ?? 'no install found'),
      fqdn: fromConsole(g.fqdn),
      ips: fromConsole(g.ips),
      trunks: fromConsole(g.trunks),
      extensions: fromConsole(g.extensions),
      calls: fromConsole(g.calls),
      lastBackup: fromConsole(g.lastBackup),
      licenceExpiry: fromConsole(g.licenceExpiry),
      maintenanceExpiry: fromConsole(g.maintenanceExpiry),
    }
  },
}
