/**
 * `tcx-doctor info`: this machine's network interfaces as the host source sees
 * and classifies them (the same facts network.multiple-nics judges).
 */
import {hostSource, interfaceEvidence} from '../sources/host.js'
import type {InfoProvider} from './collect-info.js'

export const hostInfo: InfoProvider = {
  title: 'Network interfaces',
  source: 'host',
  async collect(ctx) {
    const facts = await ctx.use(hostSource)
    return {
      interfaces: facts.interfaces.map(interfaceEvidence),
      collectedFrom: facts.collectedFrom,
      ...(facts.notes.length > 0 ? {notes: facts.notes} : {}),
      durationMs: facts.durationMs,
    }
  },
}
