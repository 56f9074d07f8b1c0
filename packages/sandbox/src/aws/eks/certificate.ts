/**
 * The cluster CA that DescribeCluster returns (base64 of a PEM). The sandbox's
 * Kubernetes endpoint is plain http, so clients never verify against it; it
 * only has to have the shape clients and kubeconfig writers expect.
 */
const PEM = [
  '-----BEGIN CERTIFICATE-----',
  'MIIDBTCCAe2gAwIBAgIIU2FuZGJveDAwDQYJKoZIhvcNAQELBQAwFTETMBEGA1UE',
  'AxMKa3ViZXJuZXRlczAeFw0yNTAxMDEwMDAwMDBaFw0zNTAxMDEwMDAwMDBaMBUx',
  'EzARBgNVBAMTCmt1YmVybmV0ZXMwggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEK',
  'AoIBAQDSandboxSandboxSandboxSandboxSandboxSandboxSandboxSandboxSa',
  'ndboxSandboxSandboxSandboxSandboxSandboxSandboxSandboxSandboxSand',
  'boxSandboxSandboxSandboxSandboxSandboxSandboxSandboxSandboxAgMBAAGj',
  'WTBXMA4GA1UdDwEB/wQEAwICpDAPBgNVHRMBAf8EBTADAQH/MB0GA1UdDgQWBBQS',
  'YW5kYm94U2FuZGJveFNhbmRib3gwFQYDVR0RBA4wDIIKa3ViZXJuZXRlczANBgkq',
  'hkiG9w0BAQsFAAOCAQEAU2FuZGJveA==',
  '-----END CERTIFICATE-----',
  '',
].join('\n');

export const CERTIFICATE_AUTHORITY_DATA = Buffer.from(PEM).toString('base64');
