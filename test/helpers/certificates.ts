/**
 * Certificates made in the test with openssl (Debian's openssl 3): a test CA, leaves it signs
 * with chosen names and validity dates (`openssl ca -startdate/-enddate`, so an expired one is a
 * real expired certificate), and self-signed ones. EC P-256 keys, in a temp folder.
 */
import {execFileSync} from 'node:child_process'
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {tempDir} from './temp.js'

export interface KeyAndCert {
  key: string
  cert: string
  certFile: string
}

const openssl = (args: string[]): void => void execFileSync('openssl', args, {stdio: ['ignore', 'ignore', 'pipe']})
const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']

/** openssl's date form for -startdate/-enddate: YYYYMMDDHHMMSSZ. */
export const opensslDate = (d: Date): string => d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z'

export interface CertificateSpec {
  cn: string
  /** subjectAltName, e.g. "DNS:pbx.example.com,IP:127.0.0.1". */
  san?: string
  notBefore: Date
  notAfter: Date
}

export class TestCa {
  readonly dir = tempDir('tcx-ca-')
  readonly key: string
  readonly cert: string
  readonly certFile: string
  private serial = 1

  constructor(name = 'tcx-doctor test CA') {
    const keyFile = join(this.dir, 'ca.key')
    this.certFile = join(this.dir, 'ca.pem')
    openssl(['req', '-x509', ...EC, '-keyout', keyFile, '-out', this.certFile, '-days', '30', '-subj', `/CN=${name}`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'])
    this.key = readFileSync(keyFile, 'utf8')
    this.cert = readFileSync(this.certFile, 'utf8')
    writeFileSync(join(this.dir, 'index.txt'), '')
    writeFileSync(
      join(this.dir, 'ca.cnf'),
      [
        '[ca]', 'default_ca = test', '[test]', `dir = ${this.dir}`, `database = ${join(this.dir, 'index.txt')}`, `new_certs_dir = ${this.dir}`,
        `serial = ${join(this.dir, 'serial')}`, 'default_md = sha256', 'policy = any', 'copy_extensions = copy', 'unique_subject = no',
        '[any]', 'commonName = supplied', '',
      ].join('\n'),
    )
  }

  /** A leaf signed by this CA with exactly the given validity. */
  issue(spec: CertificateSpec): KeyAndCert {
    const dir = tempDir('tcx-leaf-')
    const keyFile = join(dir, 'key.pem')
    const csr = join(dir, 'leaf.csr')
    const certFile = join(dir, 'cert.pem')
    openssl(['req', '-new', ...EC, '-keyout', keyFile, '-out', csr, '-subj', `/CN=${spec.cn}`, ...(spec.san ? ['-addext', `subjectAltName=${spec.san}`] : [])])
    writeFileSync(join(this.dir, 'serial'), (this.serial++).toString(16).padStart(2, '0') + '\n')
    openssl(['ca', '-batch', '-notext', '-config', join(this.dir, 'ca.cnf'), '-cert', this.certFile, '-keyfile', join(this.dir, 'ca.key'), '-in', csr, '-out', certFile,
      '-startdate', opensslDate(spec.notBefore), '-enddate', opensslDate(spec.notAfter)])
    return {key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile}
  }
}

/** A self-signed certificate valid `days` from now. */
export function selfSigned(cn: string, san: string, days: number): KeyAndCert {
  const dir = tempDir('tcx-self-')
  const keyFile = join(dir, 'key.pem')
  const certFile = join(dir, 'cert.pem')
  openssl(['req', '-x509', ...EC, '-keyout', keyFile, '-out', certFile, '-days', String(days), '-subj', `/CN=${cn}`, '-addext', `subjectAltName=${san}`])
  return {key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile}
}
