/**
 * The SIP source: an active REGISTER probe (see ./register.ts) for checks that
 * ask whether the PBX accepts trunk credentials right now. Opening it does no
 * I/O; each `register` call sends one bounded probe over UDP.
 */
import type {SourceDefinition} from '../../engine/context.js'
import {sipRegisterProbe, type SipRegisterOptions, type SipRegisterResult} from './register.js'

export * from './register.js'

export interface SipProbe {
  /** Sends REGISTER (Expires: 0) with these credentials and tells accepted / rejected / no answer; never throws. */
  register(options: SipRegisterOptions): Promise<SipRegisterResult>
}

export const sipSource: SourceDefinition<SipProbe> = {
  name: 'sip',
  open: () => Promise.resolve({register: (options) => sipRegisterProbe(options)}),
  describe: () => 'REGISTER probes over UDP (Expires: 0, nothing bound)',
}
