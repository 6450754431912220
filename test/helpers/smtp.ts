/**
 * A real SMTP server (npm smtp-server) in the test process, on 127.0.0.1 and a
 * random port, that keeps every message it accepts; and a self-signed
 * certificate made with openssl for its TLS modes.
 */
import {execFileSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {createServer, type AddressInfo} from 'node:net'
import {join} from 'node:path'
import {SMTPServer, type SMTPServerOptions} from 'smtp-server'
import {tempDir} from './cli.js'

export interface ReceivedMail {
  raw: Buffer
  from: string
  to: string[]
  /** True when the message came over TLS (smtps, or after STARTTLS). */
  secure: boolean
  user?: string
}

export interface TestSmtpServer {
  port: number
  messages: ReceivedMail[]
  /** Logins tried: user and password as the server saw them. */
  logins: Array<{user: string; password: string}>
  close(): Promise<void>
}

export interface TestSmtpOptions {
  /** Implicit TLS: the server speaks TLS from the first byte (needs `tls`). */
  secure?: boolean
  /** Key and certificate (PEM); without `secure` they enable STARTTLS. */
  tls?: {key: string; cert: string}
  /** Accounts; when given, a login is required. */
  users?: Record<string, string>
  /** Offer no STARTTLS even with `tls`. */
  noStarttls?: boolean
  /** Refuse every sender with this reply text (a hostile or careless server's words). */
  refuseSenderWith?: string
}

export async function startSmtpServer(options: TestSmtpOptions = {}): Promise<TestSmtpServer> {
  const messages: ReceivedMail[] = []
  const logins: Array<{user: string; password: string}> = []
  const users = options.users
  const config: SMTPServerOptions = {
    secure: options.secure === true,
    ...(options.tls ? {key: options.tls.key, cert: options.tls.cert} : {}),
    authOptional: users === undefined,
    // Plain-text login only where no TLS is offered (the loopback plain case).
    allowInsecureAuth: options.tls === undefined || options.noStarttls === true,
    // Without a certificate of its own, smtp-server would offer STARTTLS with a built-in one: a plain server offers none.
    ...(options.noStarttls || options.tls === undefined ? {disabledCommands: ['STARTTLS']} : {}),
    logger: false,
    onAuth(auth, _session, callback) {
      logins.push({user: auth.username ?? '', password: auth.password ?? ''})
      if (users && auth.username !== undefined && users[auth.username] === auth.password) return callback(null, {user: auth.username})
      // Echo the password the way a careless server might: the client must redact it.
      return callback(new Error(`Invalid username or password (got ${auth.password ?? ''})`))
    },
    onMailFrom(_address, _session, callback) {
      if (options.refuseSenderWith !== undefined) return callback(Object.assign(new Error(options.refuseSenderWith), {responseCode: 550}))
      return callback()
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        messages.push({
          raw: Buffer.concat(chunks),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          secure: session.secure,
          ...(typeof session.user === 'string' ? {user: session.user} : {}),
        })
        callback()
      })
    },
  }
  const server = new SMTPServer(config)
  server.on('error', () => {
    // a client that gives up mid-handshake; the test looks at what the client says
  })
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const port = (server.server.address() as AddressInfo).port
  return {
    port,
    messages,
    logins,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** A port on 127.0.0.1 with nothing listening (bound, then released). */
export async function closedPort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()))
  const port = (probe.address() as AddressInfo).port
  await new Promise<void>((resolve) => probe.close(() => resolve()))
  return port
}

export interface TestCertificate {
  key: string
  cert: string
  keyFile: string
  certFile: string
}

/** A self-signed certificate for 127.0.0.1 and localhost, made now with openssl (valid two days). */
export function selfSignedCertificate(): TestCertificate {
  const dir = tempDir('tcx-cert-')
  const keyFile = join(dir, 'key.pem')
  const certFile = join(dir, 'cert.pem')
  execFileSync(
    'openssl',
    [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', keyFile, '-out', certFile, '-days', '2',
      '-subj', '/CN=tcx-doctor test SMTP server',
      '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    {stdio: ['ignore', 'ignore', 'pipe']},
  )
  return {key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), keyFile, certFile}
}
