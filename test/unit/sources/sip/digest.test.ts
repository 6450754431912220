/**
 * The digest answer of the SIP REGISTER probe (RFC 2617, MD5).
 */
import {describe, expect, it} from 'vitest'
import {digestAuthorization, parseDigestChallenge} from '../../../../src/sources/sip/index.js'

describe('digest authentication (RFC 2617)', () => {
  it('computes the RFC 2617 example response', () => {
    const challenge = parseDigestChallenge('Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"')!
    expect(challenge).toMatchObject({realm: 'testrealm@host.com', nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093'})
    const header = digestAuthorization(challenge, {user: 'Mufasa', password: 'Circle Of Life', method: 'GET', uri: '/dir/index.html', cnonce: '0a4f113b', nc: '00000001'})
    expect(header).toContain('response="6629fae49393a05397450978507c4ef1"')
    expect(header).toContain('opaque="5ccc069c403ebaf9f0171e9517f40e41"')
    expect(parseDigestChallenge('Basic realm="x"')).toBeUndefined()
  })
})
