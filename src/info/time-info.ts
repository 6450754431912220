/**
 * `tcx-doctor info`: the machine's time zone and the newest activity-log files
 * (local facts only: the clock source is not asked here, so `info` never sends
 * an NTP query; `run` does, for time.clock-drift).
 */
import {basename} from 'node:path'
import {activityLogsSource} from '../sources/activity-logs.js'
import {formatOffset, timezoneSource} from '../sources/timezone.js'
import type {InfoProvider} from './collect-info.js'

export const timezoneInfo: InfoProvider = {
  title: 'Time zone',
  source: 'timezone',
  async collect(ctx) {
    const zone = await ctx.use(timezoneSource)
    return {
      zone: zone.zone,
      offsetNow: formatOffset(zone.offsetMinutes),
      from: zone.from,
      ...(zone.windowsName ? {windowsName: zone.windowsName} : {}),
      ...(zone.disagreeing.length > 0 ? {disagreeing: zone.disagreeing} : {}),
      tcxTimezoneSetting: ctx.settings.tcxTimezone ?? null,
    }
  },
}

export const activityLogsInfo: InfoProvider = {
  title: 'Activity logs',
  source: 'activity-logs',
  async collect(ctx) {
    const logs = await ctx.use(activityLogsSource)
    return {
      dir: logs.dir,
      files: logs.files.map((f) => ({name: basename(f.file), size: f.size, modified: f.mtime.toISOString(), encoding: f.encoding, lastLine: f.lines.at(-1) ?? null})),
      olderFilesNotRead: logs.notRead,
      ...(logs.unreadable.length > 0 ? {unreadable: logs.unreadable} : {}),
    }
  },
}
