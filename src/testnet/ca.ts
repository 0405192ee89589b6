import { webcrypto } from 'node:crypto';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

/**
 * The sealed test network's certificate authority: made at run time (never committed), trusted only by
 * scanners that are given its PEM (`--ca-file`). Issues leaf certificates for test names, also broken
 * ones on purpose (expired, wrong name, weak key, self-signed) for the scenarios.
 */

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const DAY = 86_400_000;

/** Key types the scenarios need: good ones, and a weak one that `web.cert.key` must fail. */
export type TestKeyType = 'ecdsa-p256' | 'rsa-2048' | 'rsa-1024';

type KeyParams = (webcrypto.RsaHashedKeyGenParams | webcrypto.EcKeyGenParams) & { hash: string };

const ALGORITHMS: Record<TestKeyType, KeyParams> = {
  'ecdsa-p256': { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' },
  'rsa-2048': { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
  'rsa-1024': { name: 'RSASSA-PKCS1-v1_5', modulusLength: 1024, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
};

export interface IssuedCertificate {
  /** The leaf certificate (PEM), followed by nothing: serve `chainPem` to include the CA. */
  certPem: string;
  /** Leaf and CA certificate, as a server sends them. */
  chainPem: string;
  keyPem: string;
}

export interface IssueOptions {
  /** DNS names in the subjectAltName (the first is also the CN). */
  names: readonly string[];
  keyType?: TestKeyType;
  /** Validity relative to now, in days: negative `notAfterDays` makes an expired certificate. */
  notBeforeDays?: number;
  notAfterDays?: number;
  /** Sign with its own key instead of the CA's (an untrusted, self-signed certificate). */
  selfSigned?: boolean;
  /** The hash of the leaf's signature (default SHA-256); SHA-1 makes a leaf that `web.cert.signature` must fail. */
  signatureHash?: 'SHA-256' | 'SHA-1';
}

export interface TestCa {
  caPem: string;
  issue(options: IssueOptions): Promise<IssuedCertificate>;
}

function pemKey(der: ArrayBuffer): string {
  const base64 = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN PRIVATE KEY-----\n${base64}\n-----END PRIVATE KEY-----\n`;
}

async function keyPair(type: TestKeyType, hash?: string): Promise<webcrypto.CryptoKeyPair> {
  return webcrypto.subtle.generateKey({ ...ALGORITHMS[type], ...(hash === undefined ? {} : { hash }) }, true, ['sign', 'verify']);
}

/** Creates a fresh test CA (ECDSA P-256, valid from yesterday for a year). */
export async function createTestCa(name = 'Thorbecke Test CA'): Promise<TestCa> {
  const alg = ALGORITHMS['ecdsa-p256'];
  const caKeys = await keyPair('ecdsa-p256');
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: `CN=${name}`,
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 365 * DAY),
    keys: caKeys,
    signingAlgorithm: alg,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const caPem = ca.toString('pem');
  let serial = 1;

  return {
    caPem,
    async issue(options) {
      const [first] = options.names;
      if (first === undefined) throw new Error('a certificate needs at least one name');
      const keyType = options.keyType ?? 'ecdsa-p256';
      const hash = options.signatureHash ?? 'SHA-256';
      // An RSA key carries its hash in WebCrypto, so a self-signed SHA-1 leaf needs a SHA-1 key.
      const leafKeys = await keyPair(keyType, options.selfSigned === true ? hash : undefined);
      serial += 1;
      const signer = options.selfSigned === true ? leafKeys : caKeys;
      const leaf = await x509.X509CertificateGenerator.create({
        serialNumber: serial.toString(16).padStart(2, '0'),
        subject: `CN=${first}`,
        issuer: options.selfSigned === true ? `CN=${first}` : ca.subject,
        notBefore: new Date(Date.now() + (options.notBeforeDays ?? -1) * DAY),
        notAfter: new Date(Date.now() + (options.notAfterDays ?? 90) * DAY),
        signingKey: signer.privateKey,
        publicKey: leafKeys.publicKey,
        signingAlgorithm: { ...(options.selfSigned === true ? ALGORITHMS[keyType] : alg), hash },
        extensions: [
          new x509.SubjectAlternativeNameExtension(options.names.map((value) => ({ type: 'dns' as const, value }))),
          new x509.BasicConstraintsExtension(false),
          new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
          await x509.AuthorityKeyIdentifierExtension.create(signer.publicKey),
        ],
      });
      const certPem = leaf.toString('pem');
      const keyPem = pemKey(await webcrypto.subtle.exportKey('pkcs8', leafKeys.privateKey));
      return { certPem, chainPem: options.selfSigned === true ? certPem : `${certPem}\n${caPem}`, keyPem };
    },
  };
}
