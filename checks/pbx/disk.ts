import {
  consoleSource,
  defineCheck,
  formatBytes,
  measure,
  outcome,
  skip,
  statusBoolean,
  statusNumber,
  table,
  volumesSource,
  worstStatus,
  type Cell,
  type Measurement,
  type Status,
  type SystemStatus,
  type VolumeFolder,
  type VolumeReading,
} from '../../src/index.js'

const GIB = 1024 ** 3
export const DEFAULTS = {
  warnFreeRatio: 0.15,
  failFreeRatio: 0.05,
  warnFreeBytes: 5 * GIB,
  failFreeBytes: 1 * GIB,
  warnRecordingQuotaRatio: 0.8,
  failRecordingQuotaRatio: 0.95,
}

export interface DiskLimits {
  warnFreeRatio: number
  failFreeRatio: number
  warnFreeBytes: number
  failFreeBytes: number
}

const pbxLabel = (status: SystemStatus): string =>
  typeof status.Version === 'string' && status.Version.trim() !== '' ? `3CX ${status.Version.trim().slice(0, 40)}` : 'this 3CX'

const percent = (ratio: number): string => `${(ratio * 100).toFixed(ratio < 0.1 ? 1 : 0)}%`

/** pass / warn / fail for free space: below either limit (share or bytes) is a problem; an unknown byte count is judged by the share alone. */
export function freeSpaceStatus(freeRatio: number, freeBytes: number | undefined, limits: DiskLimits): Status {
  if (freeRatio < limits.failFreeRatio || (freeBytes !== undefined && freeBytes < limits.failFreeBytes)) return 'fail'
  if (freeRatio < limits.warnFreeRatio || (freeBytes !== undefined && freeBytes < limits.warnFreeBytes)) return 'warn'
  return 'pass'
}

/** The console's own view of its disk: FreeDiskSpace/TotalDiskSpace (bytes), else DiskUsage (percent used). */
export type ConsoleDisk = {known: true; freeBytes?: number; totalBytes?: number; freeRatio: number; fields: string} | {known: false; why: string}

export function consoleDisk(status: SystemStatus): ConsoleDisk {
  const free = statusNumber(status, 'FreeDiskSpace')
  const total = statusNumber(status, 'TotalDiskSpace')
  if (free.state === 'value' && total.state === 'value' && total.value > 0 && free.value <= total.value) {
    return {known: true, freeBytes: free.value, totalBytes: total.value, freeRatio: free.value / total.value, fields: 'FreeDiskSpace / TotalDiskSpace'}
  }
  const usage = statusNumber(status, 'DiskUsage')
  if (usage.state === 'value' && usage.value <= 100) return {known: true, freeRatio: 1 - usage.value / 100, fields: `DiskUsage ${usage.value}% used`}
  const seen = [
    free.state === 'missing' ? undefined : `FreeDiskSpace ${free.state === 'value' ? free.value : free.raw}`,
    total.state === 'missing' ? undefined : `TotalDiskSpace ${total.state === 'value' ? total.value : total.raw}`,
    usage.state === 'missing' ? undefined : `DiskUsage ${usage.state === 'value' ? usage.value : usage.raw}`,
  ].filter(Boolean)
  return {known: false, why: seen.length === 0 ? `${pbxLabel(status)} does not report its disk space (no FreeDiskSpace, TotalDiskSpace or DiskUsage)` : `the console's disk fields do not add up (${seen.join(', ')})`}
}

interface Finding {
  status: Status
  sentence?: string
}

/**
 * pbx.disk: free space of the PBX's disk as the console reports it, of the volumes
 * holding the 3CX data and recordings folders on this machine, and (v20) the
 * recording and voicemail quotas.
 */
export default defineCheck({
  id: 'pbx.disk',
  title: 'Disks have free space and recordings are not stopped by a quota',
  severity: 'major',
  description:
    "Reads free space three ways: the management console's SystemStatus (FreeDiskSpace / TotalDiskSpace, or DiskUsage in percent on builds " +
    'without them); on this machine, the filesystems holding the 3CX data folder and its Recordings folder (statfs: the space a non-root ' +
    'service may still use; folders on one filesystem count once); and on v20 the recording and voicemail quotas (RecordingUsedSpace / ' +
    'RecordingQuota, RecordingQuotaReached, RecordingStopped, VoicemailQuotaReached, VoicemailStopped). A full disk stops the database, ' +
    'the call log and the recordings; a stopped recorder loses every call it should record, often where recording is a legal duty.',
  remediation:
    'Free space on the volume named: delete or move old recordings, logs and backups (or let 3CX move recordings to remote storage), or ' +
    'grow the disk. For a reached recording or voicemail quota: raise the quota in the management console, archive old recordings, or ' +
    'turn on the automatic clean-up. Thresholds: config `checks: {"pbx.disk": {"warnFreeRatio": 0.15, "failFreeRatio": 0.05, ' +
    '"warnFreeBytes": 5368709120, "failFreeBytes": 1073741824}}`; a recordings folder elsewhere: `"extraFolders": ["/mnt/recordings"]`.',
  docs: 'docs/checks/pbx.md#pbxdisk-disks-have-free-space-and-recordings-are-not-stopped-by-a-quota',
  sources: ['console', 'volumes'],
  versions: {
    15: {applies: 'yes', decides: 'SystemStatus DiskUsage (percent; the v15.5 body seen has no byte counts); statfs of the data folders', cannotTell: 'recording and voicemail quotas (v20 only)', sure: 'confirmed'},
    16: {applies: 'yes', decides: 'SystemStatus FreeDiskSpace / TotalDiskSpace or DiskUsage; statfs of the data folders', cannotTell: 'recording and voicemail quotas (v20 only)', sure: 'reported'},
    18: {applies: 'yes', decides: 'as v16', cannotTell: 'recording and voicemail quotas (v20 only)', sure: 'reported'},
    20: {applies: 'yes', decides: 'as v16, plus RecordingUsedSpace / RecordingQuota and the quota and stopped flags', cannotTell: 'the unit of FreeDiskSpace / RecordingQuota is not documented: read as bytes', sure: 'reported'},
  },
  options: {
    schema: {
      warnFreeRatio: {type: 'number', minimum: 0, maximum: 1, description: 'Warn when a volume has less than this share free (0.15 = 15%).'},
      failFreeRatio: {type: 'number', minimum: 0, maximum: 1, description: 'Fail when a volume has less than this share free.'},
      warnFreeBytes: {type: 'number', minimum: 0, description: 'Warn when a volume has less than this many bytes free.'},
      failFreeBytes: {type: 'number', minimum: 0, description: 'Fail when a volume has less than this many bytes free.'},
      warnRecordingQuotaRatio: {type: 'number', minimum: 0, maximum: 1, description: 'v20: warn when recordings use at least this share of their quota.'},
      failRecordingQuotaRatio: {type: 'number', minimum: 0, maximum: 1, description: 'v20: fail when recordings use at least this share of their quota.'},
      extraFolders: {type: 'array', items: {type: 'string'}, maxItems: 20, description: 'Further folders on this machine whose volume is checked (e.g. recordings moved to another disk).'},
    },
    defaults: {...DEFAULTS, extraFolders: [] as string[]},
  },
  async run(ctx) {
    const o = ctx.options
    const limits: DiskLimits = {warnFreeRatio: o.warnFreeRatio, failFreeRatio: o.failFreeRatio, warnFreeBytes: o.warnFreeBytes, failFreeBytes: o.failFreeBytes}
    const [api, volumes] = await Promise.all([ctx.tryUse(consoleSource), ctx.tryUse(volumesSource)])
    const findings: Finding[] = []
    let lowVolume = false
    let quotasReported = false
    const details: string[] = []
    const rows: Cell[][] = []
    const measurements: Measurement[] = []
    const evidence: Record<string, unknown> = {limits, recordingQuotaLimits: {warn: o.warnRecordingQuotaRatio, fail: o.failRecordingQuotaRatio}}
    const freeMeasures = (freeBytes: number | undefined, freeRatio: number, labels: Record<string, string>): void => {
      if (freeBytes !== undefined) {
        measurements.push(measure('disk_free_bytes', Math.round(freeBytes), 'bytes', {help: 'Free space of a volume of the PBX.', warn: limits.warnFreeBytes, fail: limits.failFreeBytes, bad: 'below', min: 0, labels}))
      }
      measurements.push(measure('disk_free_ratio', Math.round(freeRatio * 10_000) / 10_000, 'ratio', {help: 'Free share of a volume of the PBX (0 to 1).', warn: limits.warnFreeRatio, fail: limits.failFreeRatio, bad: 'below', min: 0, max: 1, labels}))
    }
    const judgeVolume = (where: string, freeBytes: number | undefined, totalBytes: number | undefined, freeRatio: number): Status => {
      const status = freeSpaceStatus(freeRatio, freeBytes, limits)
      const amount = freeBytes === undefined ? `${percent(freeRatio)} free` : `${formatBytes(freeBytes)} free of ${formatBytes(totalBytes ?? 0)} (${percent(freeRatio)})`
      findings.push({status, ...(status === 'pass' ? {} : {sentence: `${where.charAt(0).toLowerCase()}${where.slice(1)} has only ${amount}`})})
      if (status === 'pass') details.push(`${where}: ${amount}.`)
      else lowVolume = true
      return status
    }

    // The console's view: the PBX's disk, and the v20 quotas.
    if (!api.ok) details.push(`The console's disk figures were not read: ${api.reason}`)
    else {
      const status = await api.value.systemStatus()
      const disk = consoleDisk(status)
      evidence.console = disk
      if (!disk.known) details.push(`The console's disk space is unknown: ${disk.why}.`)
      else {
        const verdict = judgeVolume(`The PBX disk (console, ${disk.fields})`, disk.freeBytes, disk.totalBytes, disk.freeRatio)
        rows.push(['PBX disk', 'console', disk.freeBytes === undefined ? 'not reported' : formatBytes(disk.freeBytes), disk.totalBytes === undefined ? 'not reported' : formatBytes(disk.totalBytes), percent(disk.freeRatio), verdict])
        freeMeasures(disk.freeBytes, disk.freeRatio, {from: 'console'})
      }
      quotasReported = judgeQuotas(status, o.warnRecordingQuotaRatio, o.failRecordingQuotaRatio, findings, details, measurements, evidence)
    }

    // This machine's volumes holding the 3CX folders (and any named in the options).
    if (!volumes.ok) details.push(`This machine's volumes were not read: ${volumes.reason}`)
    else {
      const extra: VolumeFolder[] = o.extraFolders.map((path, i) => ({role: `extra ${i + 1}`, path, from: 'the option extraFolders'}))
      const more = extra.length > 0 ? await volumes.value.read(extra) : {volumes: [], problems: []}
      const reading: VolumeReading = {volumes: [...volumes.value.reading.volumes, ...more.volumes], problems: [...volumes.value.reading.problems, ...more.problems]}
      const seen = new Set<string>()
      const judged = reading.volumes.filter((v) => (seen.has(v.device) ? false : (seen.add(v.device), true)))
      evidence.volumes = judged.map((v) => ({path: v.path, device: v.device, freeBytes: v.freeBytes, totalBytes: v.totalBytes, folders: v.folders.map((f) => ({role: f.role, path: f.path}))}))
      evidence.folderProblems = reading.problems.map((p) => ({role: p.folder.role, path: p.folder.path, reason: p.reason}))
      for (const v of judged) {
        if (v.totalBytes <= 0) {
          details.push(`${v.path}: the filesystem reports no size (a pseudo filesystem?): not judged.`)
          continue
        }
        const ratio = v.freeBytes / v.totalBytes
        const roles = v.folders.map((f) => f.role).join(', ')
        const verdict = judgeVolume(`The volume of ${v.path} (${roles})`, v.freeBytes, v.totalBytes, ratio)
        rows.push([v.path, `this machine (${roles}; device ${v.device})`, formatBytes(v.freeBytes), formatBytes(v.totalBytes), percent(ratio), verdict])
        freeMeasures(v.freeBytes, ratio, {volume: v.path})
      }
      for (const p of reading.problems) {
        // A missing recordings folder is normal before the first recording; any other folder that cannot be read is worth a warning.
        const quiet = p.folder.role === 'recordings' && / does not exist$/.test(p.reason)
        if (!quiet) findings.push({status: 'warn', sentence: `the ${p.folder.role} folder could not be measured (${p.reason})`})
        details.push(`${p.folder.role} folder (${p.folder.from}): ${p.reason}.`)
      }
    }

    const tables = rows.length > 0 ? [table('Free space', ['volume', 'from', 'free', 'total', 'free share', 'status'], rows)] : []
    if (findings.length === 0) return skip('No disk figure could be read: neither the console nor this machine\'s volumes.', {details, evidence})
    const verdict = worstStatus(findings.map((f) => f.status))
    const problems = findings.flatMap((f) => (f.sentence ? [f.sentence] : []))
    if (lowVolume) {
      details.push(`Limits: warn below ${percent(limits.warnFreeRatio)} or ${formatBytes(limits.warnFreeBytes)} free, fail below ${percent(limits.failFreeRatio)} or ${formatBytes(limits.failFreeBytes)}.`)
    }
    const summary = problems.length > 0 ? `${problems.join('; ')}.` : `Disk space is fine on ${rows.length} volume(s)${quotasReported ? '; no quota stops recordings or voicemail' : ''}.`
    return outcome(verdict, `${summary.charAt(0).toUpperCase()}${summary.slice(1)}`, {details, evidence, tables, measurements})
  },
})

/** v20's recording and voicemail quotas: a stopped recorder fails, a reached quota or a nearly full one warns. False when the version reports none. */
function judgeQuotas(
  status: SystemStatus,
  warnRatio: number,
  failRatio: number,
  findings: Finding[],
  details: string[],
  measurements: Measurement[],
  evidence: Record<string, unknown>,
): boolean {
  const used = statusNumber(status, 'RecordingUsedSpace')
  const quota = statusNumber(status, 'RecordingQuota')
  const flags = Object.fromEntries(
    (['RecordingQuotaReached', 'RecordingStopped', 'VoicemailQuotaReached', 'VoicemailStopped'] as const).map((k) => {
      const f = statusBoolean(status, k)
      return [k, f.state === 'value' ? f.value : undefined]
    }),
  ) as Record<'RecordingQuotaReached' | 'RecordingStopped' | 'VoicemailQuotaReached' | 'VoicemailStopped', boolean | undefined>
  const reported = used.state !== 'missing' || quota.state !== 'missing' || Object.values(flags).some((v) => v !== undefined)
  if (!reported) {
    details.push(`${pbxLabel(status)} does not report recording or voicemail quotas (v20 does).`)
    return false
  }
  evidence.quotas = {
    recordingUsedSpace: used.state === 'value' ? used.value : null,
    recordingQuota: quota.state === 'value' ? quota.value : null,
    recordingQuotaReached: flags.RecordingQuotaReached ?? null,
    recordingStopped: flags.RecordingStopped ?? null,
    voicemailQuotaReached: flags.VoicemailQuotaReached ?? null,
    voicemailStopped: flags.VoicemailStopped ?? null,
  }
  if (flags.RecordingStopped) findings.push({status: 'fail', sentence: 'call recording has stopped (RecordingStopped is true): calls are not being recorded'})
  if (flags.VoicemailStopped) findings.push({status: 'fail', sentence: 'voicemail has stopped (VoicemailStopped is true): callers cannot leave messages'})
  if (flags.RecordingQuotaReached && !flags.RecordingStopped) findings.push({status: 'warn', sentence: 'the recording quota is reached (RecordingQuotaReached is true)'})
  if (flags.VoicemailQuotaReached && !flags.VoicemailStopped) findings.push({status: 'warn', sentence: 'the voicemail quota is reached (VoicemailQuotaReached is true)'})
  if (used.state === 'value' && quota.state === 'value' && quota.value > 0) {
    const ratio = used.value / quota.value
    const s: Status = ratio >= failRatio ? 'fail' : ratio >= warnRatio ? 'warn' : 'pass'
    const text = `recordings use ${formatBytes(used.value)} of their ${formatBytes(quota.value)} quota (${percent(ratio)})`
    if (!(flags.RecordingQuotaReached || flags.RecordingStopped) || s === 'pass') findings.push({status: s, ...(s === 'pass' ? {} : {sentence: text})})
    details.push(`${text.charAt(0).toUpperCase()}${text.slice(1)}; limits: warn from ${percent(warnRatio)}, fail from ${percent(failRatio)}.`)
    measurements.push(measure('recording_quota_used_ratio', Math.round(ratio * 10_000) / 10_000, 'ratio', {help: 'Share of the v20 recording quota in use (RecordingUsedSpace / RecordingQuota).', warn: warnRatio, fail: failRatio, bad: 'above', min: 0, labels: {from: 'console'}}))
  } else if (quota.state === 'value' && quota.value === 0) {
    details.push('No recording quota is set (RecordingQuota is 0).')
  } else if (used.state !== 'missing' || quota.state !== 'missing') {
    details.push(`The recording quota cannot be compared (RecordingUsedSpace ${used.state === 'value' ? used.value : used.state === 'missing' ? 'not reported' : used.raw}, RecordingQuota ${quota.state === 'value' ? quota.value : quota.state === 'missing' ? 'not reported' : quota.raw}).`)
  }
  return true
}
