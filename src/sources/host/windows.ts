/**
 * Windows (and other non-Linux) interface facts: the shapes of
 * systeminformation.networkInterfaces() and `Get-NetAdapter | ConvertTo-Json`,
 * their parser, and the merge into one raw record per interface. Pure.
 */
import {normalizeMac, osAddresses, type OsInterfaces, type RawInterface} from './classify.js'

/** One element of systeminformation.networkInterfaces() (fields tcx-doctor reads). */
export interface SiInterface {
  iface: string
  ifaceName?: string
  ip4?: string
  ip4subnet?: string
  ip6?: string
  mac?: string
  internal?: boolean
  virtual?: boolean
  operstate?: string
  type?: string
}

/** One element of `Get-NetAdapter | ConvertTo-Json` (fields tcx-doctor reads). */
export interface NetAdapter {
  Name: string
  InterfaceDescription?: string
  MacAddress?: string
  /** "Up", "Disconnected", "Disabled", "Not Present". */
  Status?: string
  HardwareInterface?: boolean
  Virtual?: boolean
  /** 1 up, 2 down (or the words). */
  AdminStatus?: number | string
  /** 1 connected, 2 disconnected (or the words). */
  MediaConnectionState?: number | string
}

export const GET_NET_ADAPTER_ARGS = [
  '-NoProfile',
  '-NonInteractive',
  '-Command',
  'Get-NetAdapter | Select-Object Name,InterfaceDescription,MacAddress,Status,HardwareInterface,Virtual,AdminStatus,MediaConnectionState | ConvertTo-Json -Compress',
]

export function parseNetAdapters(text: string): NetAdapter[] {
  const trimmed = text.trim()
  if (trimmed === '') return []
  let parsed: unknown
  try {
    parsed = JSON.parse(trimmed)
  } catch {
    throw new Error('Get-NetAdapter did not print JSON')
  }
  const list = Array.isArray(parsed) ? parsed : [parsed]
  return list.filter((a): a is NetAdapter => a !== null && typeof a === 'object' && typeof (a as NetAdapter).Name === 'string')
}

/** Merges systeminformation, Get-NetAdapter and os.networkInterfaces() facts (pure). */
export function windowsInterfaces(si: SiInterface[], adapters: NetAdapter[] | undefined, os: OsInterfaces): RawInterface[] {
  const names = [...new Set([...si.map((s) => s.iface), ...(adapters ?? []).map((a) => a.Name), ...Object.keys(os)])]
  return names.map((name) => {
    const s = si.find((e) => e.iface === name)
    const a = adapters?.find((e) => e.Name === name)
    const from = [...(s ? ['systeminformation'] : []), ...(a ? ['Get-NetAdapter'] : []), ...(os[name] ? ['os.networkInterfaces'] : [])]
    let addresses = osAddresses(os[name])
    if (addresses.length === 0 && s) {
      addresses = [
        ...(s.ip4 ? [{address: s.ip4, family: 'IPv4' as const}] : []),
        ...(s.ip6 ? [{address: s.ip6.replace(/%.*$/, ''), family: 'IPv6' as const}] : []),
      ]
    }
    const raw: RawInterface = {name, addresses, from}
    const description = a?.InterfaceDescription ?? (s?.ifaceName && s.ifaceName !== name ? s.ifaceName : undefined)
    if (description) raw.description = description
    const mac = normalizeMac(a?.MacAddress ?? s?.mac ?? os[name]?.[0]?.mac)
    if (mac) raw.mac = mac
    const status = a?.Status?.toLowerCase()
    const operstate = status ?? s?.operstate?.toLowerCase() ?? (os[name] ? 'up' : undefined)
    if (operstate) raw.operstate = operstate
    const admin = a?.AdminStatus
    if (admin !== undefined) raw.adminUp = admin === 1 || String(admin).toLowerCase() === 'up'
    else if (status === 'disabled') raw.adminUp = false
    const media = a?.MediaConnectionState
    if (media !== undefined && media !== 0 && String(media).toLowerCase() !== 'unknown') {
      raw.carrier = media === 1 || String(media).toLowerCase() === 'connected'
    }
    if (s?.internal === true || os[name]?.some((x) => x.internal) === true) raw.loopbackFlag = true
    if (a?.HardwareInterface !== undefined) raw.hardwareInterface = a.HardwareInterface
    if (s?.virtual !== undefined) raw.siVirtual = s.virtual
    return raw
  })
}

