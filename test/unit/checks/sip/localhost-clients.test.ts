import {readFileSync} from 'node:fs'
import {resolve} from 'node:path'
import {describe, expect, it} from 'vitest'
import localhostClients, {contactHost, latestRegistrations, parseRegistration} from '../../../../checks/sip/localhost-clients.js'
import {testCheck, unavailable} from '../../../helpers/check-tester.js'

const DIR = '/var/lib/3cxpbx/Instance1/Data/Logs'
const recorded = readFileSync(resolve(import.meta.dirname, '..', '..', '..', 'fixtures', 'sip', 'logs', '3CXPhoneSystem.log'), 'utf8').split('\n').filter((l) => l.trim() !== '')

/** The registration-logs source's value with the given lines per file. */
function tails(files: Record<string, string[]>, missing: string[] = []) {
  return {
    dir: DIR,
    files: Object.entries(files).map(([name, lines]) => ({file: `${DIR}/${name}`, size: lines.join('\n').length, mtime: new Date('2026-11-26T08:12:00Z'), lines, encoding: 'utf8'})),
    missing,
    unreadable: [],
    maxBytes: 2 * 1024 * 1024,
    maxLines: 20_000,
  }
}

const lan = recorded.filter((l) => /Ext\.10[02]:/.test(l))

testCheck(localhostClients, {
  pass: [
    {
      name: 'only LAN contacts; an unregistration does not count',
      sources: {'registration-logs': tails({'3CXPhoneSystem.log': lan}, ['3cxSystemService.log', '3CXCallFlow.log'])},
      summary: "None of the 1 extension(s) registered in the logs' newest lines uses a loopback contact.",
      expect(r) {
        expect(r.measurements).toEqual([expect.objectContaining({name: 'sip_localhost_clients', value: 0, unit: 'count', warn: 0, bad: 'above'})])
        expect(r.details.join('\n')).toContain('Not present: 3cxSystemService.log, 3CXCallFlow.log.')
      },
    },
    {
      name: 'an extension that moved from 127.0.0.1 to the LAN: its newest registration decides',
      sources: {'registration-logs': tails({'3CXPhoneSystem.log': recorded.filter((l) => l.includes('Ext.104'))})},
    },
  ],
  warn: [
    {
      name: 'the recorded lines: 101 on 127.0.0.1, 103 with localhost, 105 on [::1]',
      sources: {'registration-logs': tails({'3CXPhoneSystem.log': recorded})},
      summary:
        '3 SIP client(s) register from loopback: extension 101 (sip:101@127.0.0.1:5062;rinstance=1a2b3c4d5e6f7081 at 26-Nov-2026 08:01:15.880), 103 (sip:103@localhost:5070;transport=udp at 26-Nov-2026 08:06:00.317), 105 (sip:105@[::1]:5080;rinstance=bb01 at 26-Nov-2026 08:10:11.018).',
      expect(r) {
        expect(r.measurements?.[0]?.value).toBe(3)
        expect(r.tables?.[0]?.rows.map((row) => row[0])).toEqual(['101', '103', '105'])
        expect(r.tables?.[0]?.rows[0]).toEqual(['101', 'sip:101@127.0.0.1:5062;rinstance=1a2b3c4d5e6f7081', '26-Nov-2026 08:01:15.880', '3CXPhoneSystem.log'])
        expect(r.evidence.registrations).toBe(5)
      },
    },
    {
      name: 'a v20 system-service line with the same message',
      sources: {'registration-logs': tails({'3cxSystemService.log': ['2026/11/26 08:01:15.880|1802315|0041|Info|[CM504001] Ext.200: new contact is registered. Contact(s): [sip:200@127.0.0.1:5062]']})},
      summary: 'extension 200 (sip:200@127.0.0.1:5062 at 2026/11/26 08:01:15.880)',
    },
  ],
  skip: [
    {name: 'no registration lines in the tails', sources: {'registration-logs': tails({'3CXPhoneSystem.log': ['26-Nov-2026 08:02:03.441 [CM503001]: Call(C:12): Incoming call']})}, summary: 'No registration lines in the newest lines of 3CXPhoneSystem.log (1 lines)'},
    {name: 'no log folder', sources: {'registration-logs': unavailable('registration-logs', 'no Logs folder in /data')}, summary: 'no Logs folder'},
  ],
})

describe('registration lines', () => {
  it('reads the contact hosts, also bracketed IPv6', () => {
    expect(['sip:100@172.18.130.27:50386;rinstance=x', 'sip:105@[::1]:5080', 'sips:localhost', 'sip:103@LOCALHOST;transport=tcp'].map(contactHost)).toEqual(['172.18.130.27', '::1', 'localhost', 'LOCALHOST'])
  })

  it('takes only new-contact lines: not calls to 127.0.0.1, unregistrations or failed REGISTERs', () => {
    const found = recorded.map((l) => parseRegistration(l, 'f')).filter((r) => r !== undefined)
    expect(found.map((r) => r.extension)).toEqual(['100', '101', '103', '104', '104', '105'])
    expect(parseRegistration(recorded[4]!, 'f')).toMatchObject({contacts: ['sip:103@localhost:5070;transport=udp', 'sip:103@10.0.0.41:5070'], loopback: ['sip:103@localhost:5070;transport=udp']})
  })

  it('keeps the newest registration of each extension across files', () => {
    const r = latestRegistrations([{file: 'a', lines: [recorded[5]!]}, {file: 'b', lines: [recorded[6]!]}])
    expect(r).toEqual([expect.objectContaining({extension: '104', loopback: [], file: 'b'})])
  })
})
