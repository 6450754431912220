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
  'ntp-server': Flags.string({
    description: 'SNTP server for the clock check, host or host:port (repeatable; default pool.ntp.org; "none" disables)',
    multiple: true,
    helpValue: 'HOST[:PORT]',
  }),
  'tcx-timezone': Flags.string({description: "3CX's time zone (IANA name) when its database does not tell it", helpValue: 'ZONE'}),
  demo: Flags.boolean({description: 'diagnose the bundled sample PBX (starts its database and console simulator)', default: false}),
  debug: Flags.boolean({description: 'show stack traces of unexpected errors', default: false}),
}
