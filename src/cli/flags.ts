/**
 * Flags shared by `run` and `info`: where the install is and how to reach its sources.
 * Later features add theirs here, so both commands see them.
 */
import {Flags} from '@oclif/core'

export const sourceFlags = {
  config: Flags.string({description: 'config file (default ./tcx-doctor.config.json when present)', helpValue: 'FILE'}),
  'install-dir': Flags.string({
    description: 'the 3CX folder that holds Bin/ and Instance1/ (default: C:\\Program Files\\3CX Phone System or /var/lib/3cxpbx)',
    helpValue: 'DIR',
  }),
  'data-dir': Flags.string({description: 'the 3CX data folder with Logs/ and Recordings/ (default from [General] AppDataPath or the layout)', helpValue: 'DIR'}),
  ini: Flags.string({description: 'an explicit 3CXPhoneSystem.ini', helpValue: 'FILE'}),
  'app-dir': Flags.string({description: 'folder of a Call Control API application (repeatable)', multiple: true, helpValue: 'DIR'}),
  'app-search': Flags.string({
    description: 'find Call Control API application folders (holding 3cxpscomcpp2.dll) under DIR, 4 levels deep (repeatable)',
    multiple: true,
    helpValue: 'DIR',
  }),
  'ntp-server': Flags.string({
    description: 'SNTP server for the clock check, host or host:port (repeatable; default pool.ntp.org; "none" disables)',
    multiple: true,
    helpValue: 'HOST[:PORT]',
  }),
  'tcx-timezone': Flags.string({
    description: "3CX's time zone, an IANA name or a Windows zone id, when its database does not tell it",
    helpValue: 'ZONE',
  }),
  'db-url': Flags.string({
    description: 'connect to the 3CX database with this URL instead of the ini accounts (read-only sessions all the same)',
    helpValue: 'postgres://USER:PASS@HOST:5480/database_single',
  }),
  'console-url': Flags.string({description: 'the management console base URL (default: the WEB_ROOT_LOCAL parameter)', helpValue: 'URL'}),
  'console-user': Flags.string({description: 'console user (default: the WEBSERVERUSER parameter)', helpValue: 'USER'}),
  'console-password': Flags.string({
    description: 'console password (default: the WEBSERVERPASS parameter)',
    env: 'TCX_CONSOLE_PASSWORD',
    helpValue: 'PASSWORD',
  }),
  insecure: Flags.boolean({description: 'accept a self-signed TLS certificate from a console that is not on this machine', default: false}),
  'expected-ip': Flags.string({
    description: 'an address 3CX should be reachable at, e.g. the one it was installed with (repeatable; network.ip-changed)',
    multiple: true,
    helpValue: 'IP',
  }),
  'physical-interface': Flags.string({
    description: 'count this interface (name or MAC) as a physical network card whatever it looks like (repeatable; network.multiple-nics)',
    multiple: true,
    helpValue: 'NAME',
  }),
  demo: Flags.boolean({description: 'diagnose the bundled sample PBX (starts its database and console simulator)', default: false}),
  debug: Flags.boolean({description: 'show stack traces of unexpected errors', default: false}),
}
