/**
 * The public API of tcx-doctor for third-party checks and embedding.
 * Built-in checks use exactly this.
 */
export {defineCheck, pass, warn, fail, skip, worstStatus, STATUSES, SEVERITIES, CHECK_ID_PATTERN} from './engine/check.js'
export type {Check, CheckDefinition, CheckOutcome, Evidence, Severity, Status} from './engine/check.js'
export type {CheckContext, SourceContext, SourceDefinition} from './engine/context.js'
export {SourceUnavailableError, InputFileError} from './engine/errors.js'
export type {CheckResult} from './engine/result.js'
export type {Report, Summary, Target} from './engine/report.js'
export type {Settings} from './config/settings.js'
export {installSource, type Install} from './sources/install.js'
export type {IniFile} from './sources/ini-file.js'
export {dbSource, type Database} from './sources/database.js'
export {consoleSource, parseConsoleTime, type ConsoleApi, type SystemStatus, type Trunk, type ActiveCalls, type ServiceInfo} from './sources/console-api.js'
