/**
 * The public API of tcx-doctor for third-party checks and embedding.
 * Built-in checks use exactly this (an eslint rule holds them to it).
 */
export {defineCheck, pass, warn, fail, skip, outcome, table, measure, measurementProblems, isStatus, SEVERITIES, CHECK_ID_PATTERN, MEASUREMENT_UNITS, MEASUREMENT_BAD_SIDES} from './engine/check.js'
export type {Check, CheckDefinition, CheckOutcome, CheckOptions, Cell, Evidence, EvidenceTable, OptionSchema, OptionsSpec, OptionValue, Severity, Measurement, MeasurementUnit, MeasurementBadSide} from './engine/check.js'
export {STATUSES, STATUS_ORDER, worstStatus, statusRank, byStatus, isProblem, isVerdict, countsAtFailOn, type Status, type FailOn} from './engine/status.js'
export type {Availability, CheckContext, SourceContext, SourceDefinition, SourceInfo} from './engine/context.js'
export {SourceUnavailableError, InputFileError, errorMessage, isSourceUnavailable} from './engine/errors.js'
export {isSecretKey} from './engine/secrets.js'
export type {CheckResult} from './engine/result.js'
export type {Report, Summary, Target} from './engine/report.js'
export type {Settings} from './config/settings.js'
export {formatDuration, formatOffset, inertText, inertLine, truncate} from './lib/format.js'
export {isLoopbackHost, isThisMachine, parseHostPort, formatHostPort, type HostPort, type MachineIdentity} from './lib/net.js'
export {withTimeout, sleep, yieldToEventLoop, throwIfAborted} from './lib/async.js'
export {
  installSource,
  installProblemOf,
  InstallUnavailableError,
  binaryIn,
  parseIniText,
  INI_NAME,
  DEBIAN_ROOT,
  DEBIAN_SDK_DIR,
  DEBIAN_TEMPLATE_INI,
  OUTLINE_MORE,
  type Install,
  type InstallProblem,
  type BinFolder,
  type IniFile,
  DEFAULT_DB_PORT,
  type Platform,
  type LayoutId,
  type InstallLayout,
} from './sources/install/index.js'
export {versionSource, parseTcxVersion, KNOWN_MAJORS, type TcxVersion, type TcxMajor, type TcxVersionFacts, type VersionReading, type VersionOrigin} from './sources/version/index.js'
export {peSource, parseVersion, compareVersions, isPeFileError, DEFAULT_BUFFER_SIZE, type PeReader, type PeVersion, type StringHit, type StringSearch} from './sources/pe/index.js'
export {appFilesSource, API_DLLS, API_FILES, type AppFiles, type AppFilesScan, type AppFolder, type ApiReference, type FileFacts, type ScanRequest} from './sources/app-files/index.js'
export {dbSource, type Database} from './sources/db/index.js'
export {consoleSource, parseConsoleTime, type ConsoleApi, type SystemStatus, type Trunk, type ActiveCalls, type ServiceInfo} from './sources/console/index.js'
export {clockSource, clockCorrection, type ClockFacts, type ClockCorrection, type SntpReading} from './sources/clock/index.js'
export {timezoneSource, compareZones, interpretZoneValue, offsetMinutes, formatUtcOffset, type MachineZone, type ZoneComparison, type OffsetDifference} from './sources/timezone.js'
export {activityLogsSource, parseLineTimestamp, type ActivityLogs, type LogTail, type LineTimestamp} from './sources/activity-logs.js'
export {consoleReachabilitySource, availableLocalIps, publicIpOf, SERVICE_STATES, type ConsoleProbe, type ConsoleReachability} from './sources/console/index.js'
export {hostSource, interfaceEvidence, usableAddresses, physicalMembers, hostAddresses, ipToBigInt, isIpAddress, sameAddress, inSubnet, onLinkInterface, type HostFacts, type HostAddress, type HostInterface, type InterfaceAddress, type PingOutcome} from './sources/host/index.js'
export {sipSource, type SipProbe, type SipRegisterOptions, type SipRegisterResult} from './sources/sip/index.js'
export {pbxGlanceOf, type PbxGlance} from './sources/console/index.js'
export {consoleFactsOf, serviceStateOf, DIALECT_LABELS, type ConsoleFacts, type ConsoleDialect, type PbxTime, type ServiceFact, type ServiceState, type TrunkFact} from './sources/console/index.js'
export {versionSkipReason, majorLabel, APPLIES, CERTAINTIES, MAX_NOTE_LENGTH, type CheckVersions, type VersionNote, type Applies, type Certainty, type SeenVersion} from './engine/check-versions.js'
export {recordingsSource, walkRecordings, isWavName, looksLikePath, DEFAULT_WALK_LIMITS, type Recordings, type RecordingsFolder, type RecordingsWalk, type WalkLimits, type WalkState, type ExtensionCount} from './sources/recordings/index.js'
export {statusBoolean, statusNumber, statusTime, rawText, formatAge, type StatusField, type StatusTime} from './sources/console/status-fields.js'
export {volumesSource, installFolders, readVolumes, groupByFilesystem, deviceLabel, type Volumes, type Volume, type VolumeFolder, type VolumeReading, type FolderProblem} from './sources/volumes/index.js'
export {formatBytes} from './lib/fs.js'
export {timeServiceSource, readTimeService, describeReading as describeTimeServiceReading, type TimeServiceFacts, type TimeServiceReading, type TimeServiceName} from './sources/timeservice/index.js'
export {tlsSource, hostNameMismatch, type TlsReader, type TlsProbe, type CertificateFacts, type TlsProbeProblem} from './sources/tls/index.js'
export {registrationLogsSource, REGISTRATION_LOG_FILES, type NamedLogTails} from './sources/activity-logs.js'
export {loopbackRule, trunkHostName, trunkHostPort, addressMap} from './sources/console/loopback.js'
