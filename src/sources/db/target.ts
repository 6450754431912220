/**
 * Where the database is and which account to use, first found wins: --db-url
 * (config `db.url`); the ini's [QMDatabase] (DBHost, DBPort, DBName, dbUser,
 * dbPassword); the ini's [DbAdminREADONLY] (User, Password, with the QMDatabase
 * DBName); v18 Bin/config.json (DbHost, DbPort, DbUser, DbPassword, DbName). The
 * master account ([CfgServerProfile]) is never used unless the user passes it in --db-url.
 * A port the ini (or config.json) does not give is the install's platform default
 * (`install.defaultDbPort`: 5432 on Debian, 5480 on Windows).
 */
import type {SourceContext} from '../../engine/context.js'
import {SourceUnavailableError} from '../../engine/errors.js'
import type {Install} from '../install/index.js'

/** Where to connect, as found; `password` stays out of every message. */
export interface DbTarget {
  host: string
  port: number
  database: string
  user: string
  password?: string
  /** Where these settings came from. */
  from: string
  /** A full URL given by the user (--db-url); parsed by pg itself. */
  url?: string
}

/** The port of a --db-url without one (3CX's bundled PostgreSQL on Windows). */
const DEFAULT_PORT = 5480
const DEFAULT_DATABASE = 'database_single'

/** Which connection to use, first found wins (see the file comment). Throws SourceUnavailableError when none is found. */
export function findDbTarget(settings: SourceContext['settings'], install: Install | undefined, installProblem?: string): DbTarget {
  const override = (t: DbTarget): DbTarget => {
    const host = settings.dbHost ?? t.host
    const port = settings.dbPort ?? t.port
    const moved = host !== t.host || port !== t.port
    return {...t, host, port, from: moved ? `${t.from}, with host/port ${host}:${port} from the settings` : t.from}
  }
  if (settings.dbUrl) {
    let url: URL
    try {
      url = new URL(settings.dbUrl)
    } catch {
      throw new SourceUnavailableError('db', '--db-url is not a valid URL; give postgres://USER:PASSWORD@HOST:5480/database_single')
    }
    return {
      host: decodeURIComponent(url.hostname.replace(/^\[|\]$/g, '')) || '127.0.0.1',
      port: url.port ? Number(url.port) : DEFAULT_PORT,
      database: decodeURIComponent(url.pathname.replace(/^\//, '')) || DEFAULT_DATABASE,
      user: decodeURIComponent(url.username),
      ...(url.password ? {password: decodeURIComponent(url.password)} : {}),
      from: '--db-url',
      url: settings.dbUrl,
    }
  }
  if (!install) {
    throw new SourceUnavailableError(
      'db',
      `no database connection settings: ${installProblem ?? 'no 3CX install found'}; give --db-url postgres://USER:PASSWORD@HOST:5480/database_single`,
    )
  }
  const {ini} = install
  const qmHost = ini.get('QMDatabase', 'DBHost') || '127.0.0.1'
  const qmPort = Number(ini.get('QMDatabase', 'DBPort') || install.defaultDbPort)
  const qmName = ini.get('QMDatabase', 'DBName') || DEFAULT_DATABASE
  const qmUser = ini.get('QMDatabase', 'dbUser')
  if (qmUser) {
    const password = ini.get('QMDatabase', 'dbPassword')
    return override({host: qmHost, port: qmPort, database: qmName, user: qmUser, ...(password ? {password} : {}), from: `[QMDatabase] of ${ini.path}`})
  }
  const roUser = ini.get('DbAdminREADONLY', 'User')
  if (roUser) {
    const password = ini.get('DbAdminREADONLY', 'Password')
    return override({host: qmHost, port: qmPort, database: qmName, user: roUser, ...(password ? {password} : {}), from: `[DbAdminREADONLY] of ${ini.path}`})
  }
  if (install.configJsonPath) {
    // Read by the install source (regular file, size-capped).
    const json = install.configJson?.values
    if (!json) throw new SourceUnavailableError('db', `${install.configJson?.problem ?? `${install.configJsonPath} could not be read`}; give --db-url instead`)
    const get = (key: string): string | undefined => {
      const found = Object.entries(json ?? {}).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1]
      return found === undefined || found === null ? undefined : String(found)
    }
    const user = get('DbUser')
    if (user) {
      const password = get('DbPassword')
      return override({
        host: get('DbHost') || '127.0.0.1',
        port: Number(get('DbPort') || install.defaultDbPort),
        database: get('DbName') || DEFAULT_DATABASE,
        user,
        ...(password ? {password} : {}),
        from: install.configJsonPath,
      })
    }
  }
  throw new SourceUnavailableError(
    'db',
    `no read-only database account in ${ini.path} ([QMDatabase] dbUser, [DbAdminREADONLY] User)${install.configJsonPath ? ` nor in ${install.configJsonPath}` : ''}; the master account is never used by itself: give --db-url`,
  )
}

/** The account and place, never the password. */
export function describeTarget(t: DbTarget): string {
  const host = t.host.includes(':') ? `[${t.host}]` : t.host
  return `${t.user || '(default user)'}@${host}:${t.port}/${t.database} from ${t.from}`
}

