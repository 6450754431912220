import type {Evidence, EvidenceTable, Measurement, Severity, Status} from './check.js'

export interface WaiverApplied {
  reason: string
  until?: string
}

/** One check's result, as it appears in every report format. */
export interface CheckResult {
  id: string
  title: string
  category: string
  severity: Severity
  status: Status
  summary: string
  details: string[]
  evidence: Evidence
  /** Evidence for people (rendered by the HTML, text and Markdown reports); may be empty. */
  tables: EvidenceTable[]
  /** Measured values with thresholds (Prometheus gauges, Nagios perfdata); may be empty. */
  measurements: Measurement[]
  remediation: string
  docs?: string
  durationMs: number
  /** Present only when a waiver covers this result. */
  waived?: WaiverApplied
}
