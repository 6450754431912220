/**
 * The tls source: reads TLS server certificates without trusting them (probe.ts), for any check.
 * Opening it does no I/O; each `probe({host, port})` is one bounded handshake, memoised per
 * host, port and SNI name for the run.
 */
import type {SourceDefinition} from '../../engine/context.js'
import {probeTls, type TlsProbe, type TlsProbeOptions} from './probe.js'

export {probeTls, certificateFacts, TLS_TIMEOUT_MS, MAX_CHAIN, type CertificateFacts, type TlsProbe, type TlsProbeOptions, type TlsProbeProblem} from './probe.js'
export {hostNameMismatch} from './host-match.js'

export interface TlsReader {
  probe(options: Omit<TlsProbeOptions, 'ca'>): Promise<TlsProbe>
}

export const tlsSource: SourceDefinition<TlsReader> = {
  name: 'tls',
  async open(ctx) {
    const seen = new Map<string, Promise<TlsProbe>>()
    const timeoutMs = Math.min(ctx.settings.consoleTimeoutMs, 10_000)
    return {
      probe(options) {
        const key = `${options.host}|${options.port}|${options.servername ?? ''}`
        let probe = seen.get(key)
        if (!probe) seen.set(key, (probe = probeTls({timeoutMs, ...options})))
        return probe
      },
    }
  },
}
