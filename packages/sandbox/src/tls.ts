// @peculiar/x509 resolves its services through tsyringe, which needs the
// Reflect metadata API (its README: "Reflect Polyfill Required")
import 'reflect-metadata';
import { randomBytes, webcrypto } from 'node:crypto';
import { isIP } from 'node:net';
import * as x509 from '@peculiar/x509';

/**
 * The TLS material of one sandbox: a CA of its own (what DescribeCluster
 * returns in `certificateAuthority.data` for every cluster) and the serving
 * certificate of the Kubernetes endpoint, signed by that CA.
 */
export interface SandboxTls {
  /** PEM of the CA certificate. */
  caPem: string;
  /** PEM of the serving certificate (signed by the CA). */
  certPem: string;
  /** PKCS#8 PEM of the serving certificate's private key. */
  keyPem: string;
}

const crypto = webcrypto as unknown as Crypto;
const EC_KEY: EcKeyGenParams = { name: 'ECDSA', namedCurve: 'P-256' };
const SIGNING: EcdsaParams = { name: 'ECDSA', hash: 'SHA-256' };
const HOUR_MS = 3600 * 1000;
const YEAR_MS = 365 * 24 * HOUR_MS;

/** The names kube-apiserver puts in its serving certificate, plus the local ones. */
const DEFAULT_NAMES = [
  'localhost',
  'kubernetes',
  'kubernetes.default',
  'kubernetes.default.svc',
  'kubernetes.default.svc.cluster.local',
];
const DEFAULT_ADDRESSES = ['127.0.0.1', '::1'];

function serial(): string {
  // a positive 64-bit serial (the high bit clear, as RFC 5280 wants)
  const bytes = randomBytes(8);
  bytes[0] &= 0x7f;
  return bytes.toString('hex');
}

function subjectAltNames(hosts: string[]): x509.JsonGeneralNames {
  const names = new Map<string, x509.JsonGeneralName>();
  for (const host of [...DEFAULT_ADDRESSES, ...DEFAULT_NAMES, ...hosts]) {
    const bare = host.replace(/^\[|\]$/g, '');
    if (!bare) continue;
    const type = isIP(bare) ? 'ip' : 'dns';
    names.set(`${type}:${bare.toLowerCase()}`, { type, value: bare });
  }
  return [...names.values()];
}

async function privateKeyPem(key: CryptoKey): Promise<string> {
  const der = await crypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

/**
 * Generates a fresh CA (ECDSA P-256, CN=kubernetes like an EKS cluster CA,
 * valid ten years) and a serving certificate signed by it for 127.0.0.1, ::1,
 * localhost, the in-cluster `kubernetes.default.svc` names and `hosts`.
 */
export async function createSandboxTls(
  hosts: string[] = [],
): Promise<SandboxTls> {
  const now = Date.now();
  const notBefore = new Date(now - HOUR_MS);
  const caKeys = (await crypto.subtle.generateKey(EC_KEY, false, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const ca = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serial(),
      name: 'CN=kubernetes',
      notBefore,
      notAfter: new Date(now + 10 * YEAR_MS),
      keys: caKeys,
      signingAlgorithm: SIGNING,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.keyCertSign |
            x509.KeyUsageFlags.cRLSign |
            x509.KeyUsageFlags.digitalSignature,
          true,
        ),
        await x509.SubjectKeyIdentifierExtension.create(
          caKeys.publicKey,
          false,
          crypto,
        ),
      ],
    },
    crypto,
  );
  const serverKeys = (await crypto.subtle.generateKey(EC_KEY, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const server = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serial(),
      subject: 'CN=kube-apiserver',
      issuer: ca.subject,
      notBefore,
      notAfter: new Date(now + YEAR_MS),
      publicKey: serverKeys.publicKey,
      signingKey: caKeys.privateKey,
      signingAlgorithm: SIGNING,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        await x509.AuthorityKeyIdentifierExtension.create(
          caKeys.publicKey,
          false,
          crypto,
        ),
        new x509.SubjectAlternativeNameExtension(subjectAltNames(hosts)),
      ],
    },
    crypto,
  );
  return {
    caPem: `${ca.toString('pem')}\n`,
    certPem: `${server.toString('pem')}\n`,
    keyPem: `${await privateKeyPem(serverKeys.privateKey)}\n`,
  };
}
