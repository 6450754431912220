/**
 * Reading one SystemStatus field as what it is, without trusting its type: a field may
 * be missing on a build (not reported), hold null or "" (never / not set), or hold
 * something else than the documented type (unreadable). Pure: no I/O.
 */
import {parseConsoleTime, type SystemStatus} from './parse.js'

/** What a field said: absent from the answer, a value, or a value of the wrong kind. */
export type StatusField<T> = {state: 'missing'} | {state: 'value'; value: T} | {state: 'unreadable'; raw: string}

/** What a time field said; `never` for null, "" and 0001-01-01 (.NET's DateTime.MinValue). */
export type StatusTime = {state: 'missing'} | {state: 'never'; raw: string} | {state: 'time'; date: Date; raw: string} | {state: 'unreadable'; raw: string}

/** The raw value shown in a message: at most 60 characters, on one line. */
export function rawText(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value))
  const line = text.replace(/[\r\n\t]/g, ' ')
  return line.length > 60 ? `${line.slice(0, 57)}...` : line
}

const has = (status: SystemStatus, key: string): boolean => Object.hasOwn(status, key) && status[key] !== undefined

/** A boolean field ("true"/"false" strings accepted, as some builds send them). */
export function statusBoolean(status: SystemStatus, key: string): StatusField<boolean> {
  if (!has(status, key)) return {state: 'missing'}
  const v = status[key]
  if (typeof v === 'boolean') return {state: 'value', value: v}
  if (v === 'true' || v === 'false') return {state: 'value', value: v === 'true'}
  return {state: 'unreadable', raw: rawText(v)}
}

/** A non-negative number field (a string of digits accepted, as some builds send numbers as strings). */
export function statusNumber(status: SystemStatus, key: string): StatusField<number> {
  if (!has(status, key)) return {state: 'missing'}
  const v = status[key]
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return {state: 'value', value: v}
  if (typeof v === 'string' && /^\d+(?:\.\d+)?$/.test(v.trim())) return {state: 'value', value: Number(v.trim())}
  return {state: 'unreadable', raw: rawText(v)}
}

/** A time field: null, "" and 0001-01-01... are never; a .NET time with Z or an offset is a time. */
export function statusTime(status: SystemStatus, key: string): StatusTime {
  if (!Object.hasOwn(status, key) || status[key] === undefined) return {state: 'missing'}
  const v = status[key]
  if (v === null) return {state: 'never', raw: 'null'}
  if (typeof v !== 'string') return {state: 'unreadable', raw: rawText(v)}
  if (v.trim() === '' || v.trim().startsWith('0001-01-01')) return {state: 'never', raw: rawText(v)}
  const date = parseConsoleTime(v)
  return date ? {state: 'time', date, raw: v.trim().slice(0, 40)} : {state: 'unreadable', raw: rawText(v)}
}

/** An age or a time left for people: "45 s", "12 min", "25 h", "24 h 44 min", "9 days" (rounded to the minute first, so never "24 h 60 min"). */
export function formatAge(ms: number): string {
  const abs = Math.abs(ms)
  if (abs < 120_000) return `${Math.round(abs / 1000)} s`
  const minutes = Math.round(abs / 60_000)
  if (minutes < 120) return `${minutes} min`
  if (minutes < 48 * 60) return minutes % 60 === 0 ? `${minutes / 60} h` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`
  return `${Math.round(abs / 86_400_000)} days`
}
