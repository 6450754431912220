/**
 * Values of the version source for check table tests: the facts the version source
 * would give after reading `text` from one origin (built by its own combineReadings).
 */
import {combineReadings, parseTcxVersion, type TcxVersionFacts, type VersionOrigin} from '../../src/sources/version/index.js'

const FROM: Record<VersionOrigin, string> = {
  console: 'SystemStatus.Version of the console',
  db: 'parameter VERSION of the database',
  dpkg: 'dpkg-query -W 3cxpbx on this machine',
  pe: 'PE file version of MyPhoneServer.dll',
}

/** The version source's value for a 3CX version read from one origin (the database by default). */
export function versionFacts(text: string, origin: VersionOrigin = 'db'): TcxVersionFacts {
  const version = parseTcxVersion(text)
  if (!version) throw new Error(`${text} is not a version`)
  return combineReadings([{origin, from: FROM[origin], ok: true, raw: text, version}])
}
