import {consoleSource, defineCheck, measure, outcome, skip, worstStatus, type Status} from '../../src/index.js'

/** Default share of extensions registered below which the check warns. */
export const DEFAULT_WARN_BELOW_RATIO = 0.5

const percent = (ratio: number): string => `${Math.round(ratio * 1000) / 10}%`

/**
 * pbx.extensions-registered: how many extensions (phones) are registered, and whether any system
 * extension (IVR, queue, ring group, ...) is unregistered, from the console's SystemStatus.
 */
export default defineCheck({
  id: 'pbx.extensions-registered',
  title: 'Extensions and system extensions are registered',
  severity: 'major',
  description:
    "Reads the console's SystemStatus: ExtensionsRegistered against ExtensionsTotal (phones and clients registered right now) and " +
    'HasUnregisteredSystemExtensions. System extensions are the PBX\'s own endpoints (digital receptionists, queues, ring groups, ' +
    'voicemail, ...): one that is not registered means calls to it fail. A low share of registered phones often means a network, ' +
    'provisioning or firewall problem (or simply the night: the threshold is an option).',
  remediation:
    'System extensions: open the console\'s dashboard, find the unregistered system extension and restart the service behind it ' +
    '(IVR, queue manager). Phones: check the network and firewall between the phones and the PBX, their provisioning and credentials. ' +
    'Thresholds: options `warnBelowRatio` and `failBelowRatio` (0 turns one off); `systemExtensionsStatus` sets the status for system extensions.',
  docs: 'docs/checks/pbx.md#pbxextensions-registered-extensions-and-system-extensions-are-registered',
  sources: ['console'],
  versions: {
    15: {applies: 'yes', decides: 'SystemStatus ExtensionsRegistered, ExtensionsTotal, HasUnregisteredSystemExtensions', sure: 'confirmed'},
    16: {applies: 'yes', decides: 'as v15.5', sure: 'confirmed'},
    18: {applies: 'yes', decides: 'as v15.5', sure: 'confirmed'},
    20: {applies: 'yes', decides: 'the same fields of /xapi/v1/SystemStatus', sure: 'confirmed'},
  },
  options: {
    schema: {
      warnBelowRatio: {type: 'number', minimum: 0, maximum: 1, description: 'Warn when the share of extensions registered is below this (0 to 1; 0 turns it off).'},
      failBelowRatio: {type: 'number', minimum: 0, maximum: 1, description: 'Fail when the share of extensions registered is below this (0 to 1; 0, the default, turns it off).'},
      systemExtensionsStatus: {type: 'string', enum: ['fail', 'warn'], description: 'The status when SystemStatus reports an unregistered system extension.'},
    },
    defaults: {warnBelowRatio: DEFAULT_WARN_BELOW_RATIO, failBelowRatio: 0, systemExtensionsStatus: 'fail'},
  },
  async run(ctx) {
    const api = await ctx.use(consoleSource)
    const status = await api.systemStatus()
    const registered = typeof status.ExtensionsRegistered === 'number' ? status.ExtensionsRegistered : undefined
    const total = typeof status.ExtensionsTotal === 'number' ? status.ExtensionsTotal : undefined
    const system = typeof status.HasUnregisteredSystemExtensions === 'boolean' ? status.HasUnregisteredSystemExtensions : undefined
    const {warnBelowRatio, failBelowRatio} = ctx.options
    const evidence = {
      extensionsRegistered: registered ?? null,
      extensionsTotal: total ?? null,
      hasUnregisteredSystemExtensions: system ?? null,
      warnBelowRatio,
      failBelowRatio,
    }
    if (registered === undefined && total === undefined && system === undefined) {
      return skip('SystemStatus reports neither ExtensionsRegistered/ExtensionsTotal nor HasUnregisteredSystemExtensions on this build: not known.', {evidence})
    }
    const statuses: Status[] = ['pass']
    const details: string[] = []
    const parts: string[] = []
    const measurements = []
    if (registered !== undefined && total !== undefined) {
      const ratio = total > 0 ? registered / total : 1
      const count = (r: number): number => Math.ceil(r * total)
      measurements.push(
        measure('extensions_registered', registered, 'count', {
          help: 'Extensions registered now (SystemStatus ExtensionsRegistered).',
          min: 0,
          max: total,
          bad: 'below',
          ...(warnBelowRatio > 0 ? {warn: count(warnBelowRatio)} : {}),
          ...(failBelowRatio > 0 ? {fail: count(failBelowRatio)} : {}),
        }),
        measure('extensions_configured', total, 'count', {help: 'Extensions configured (SystemStatus ExtensionsTotal).', min: 0}),
      )
      parts.push(`${registered} of ${total} extension(s) registered${total > 0 ? ` (${percent(ratio)})` : ''}`)
      if (total > 0 && failBelowRatio > 0 && ratio < failBelowRatio) {
        statuses.push('fail')
        details.push(`Only ${percent(ratio)} of the extensions are registered, below the fail threshold ${percent(failBelowRatio)} (option failBelowRatio): check the network, firewall and provisioning of the phones.`)
      } else if (total > 0 && warnBelowRatio > 0 && ratio < warnBelowRatio) {
        statuses.push('warn')
        details.push(`Only ${percent(ratio)} of the extensions are registered, below the warn threshold ${percent(warnBelowRatio)} (option warnBelowRatio): check the network, firewall and provisioning of the phones.`)
      }
    } else {
      details.push('SystemStatus does not report ExtensionsRegistered and ExtensionsTotal on this build: how many phones are registered is not known.')
    }
    if (system === true) {
      statuses.push(ctx.options.systemExtensionsStatus as Status)
      parts.push('a system extension is NOT registered')
      details.push(
        'SystemStatus reports HasUnregisteredSystemExtensions: a system extension (digital receptionist, queue, ring group, voicemail, ...) is not registered, so calls to it fail. ' +
          'The console does not say which one through this field: open the dashboard, find it and restart the service behind it.',
      )
    } else if (system === false) parts.push('every system extension registered')
    else details.push('SystemStatus does not report HasUnregisteredSystemExtensions on this build: whether the system extensions are registered is not known.')
    return outcome(worstStatus(statuses), `${parts.join('; ')}.`, {details, evidence, measurements})
  },
})
