/**
 * `tcx-doctor info`: what each source discovered, secrets hidden. Each source
 * contributes a provider; a provider's failure is shown as that section's
 * error, never as a crashed command.
 */
import type {RunContext, SourceDefinition} from '../engine/context.js'
import {errorMessage} from '../engine/errors.js'
import {installSource} from '../sources/install/index.js'
import {versionSource} from '../sources/version/index.js'
import {peSource} from '../sources/pe/index.js'
import {consoleSource} from '../sources/console/index.js'
import {dbSource} from '../sources/db/index.js'
import {hostSource} from '../sources/host/index.js'
import {activityLogsSource} from '../sources/activity-logs.js'
import {timezoneSource} from '../sources/timezone.js'
import {pbxGlanceProvider} from './pbx-glance.js'

export interface InfoSection {
  title: string
  /** The source that said it. */
  source: string
  status: 'ok' | 'unavailable'
  facts: Record<string, unknown>
  error?: string
}

export interface InfoProvider {
  title: string
  source: string
  collect(ctx: RunContext): Promise<Record<string, unknown>>
}

/** Providers in display order; sources add theirs here. */
export const infoProviders: InfoProvider[] = [
  pbxGlanceProvider,
  providerOf(installSource),
  providerOf(versionSource),
  providerOf(dbSource),
  providerOf(consoleSource),
  providerOf(hostSource),
  providerOf(peSource),
  providerOf(timezoneSource),
  providerOf(activityLogsSource),
]

/** A provider from a source's own `info` description. */
export function providerOf<T>(source: SourceDefinition<T>): InfoProvider {
  const info = source.info
  if (!info) throw new Error(`source ${source.name} has no info description`)
  return {title: info.title, source: source.name, collect: async (ctx) => info.collect(await ctx.use(source), ctx)}
}

export async function collectInfo(ctx: RunContext, providers: InfoProvider[] = infoProviders): Promise<InfoSection[]> {
  return Promise.all(
    providers.map(async (provider): Promise<InfoSection> => {
      try {
        return {title: provider.title, source: provider.source, status: 'ok', facts: await provider.collect(ctx)}
      } catch (error) {
        return {title: provider.title, source: provider.source, status: 'unavailable', facts: {}, error: errorMessage(error)}
      }
    }),
  )
}
