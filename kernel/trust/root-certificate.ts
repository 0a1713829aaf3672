import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/** What the trust store shows about a root certificate; the DER stays the authority for verification. */
export interface RootCertificateFacts {
  /** e.g. "C=JP, O=Japanese Government, OU=The Ministry of Justice, CN=ZairyuCard CA". */
  readonly subject: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** 'RSA-2048', 'EC P-384', or a description of anything else. */
  readonly keyType: string;
}

const NAME_ATTRIBUTES: Readonly<Record<string, string>> = {
  '2.5.4.6': 'C',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.3': 'CN',
  '2.5.4.8': 'ST',
  '2.5.4.7': 'L',
};

const NAMED_CURVES: Readonly<Record<string, string>> = {
  '1.2.840.10045.3.1.7': 'P-256',
  '1.3.132.0.34': 'P-384',
  '1.3.132.0.35': 'P-521',
};

const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
const EC_PUBLIC_KEY = '1.2.840.10045.2.1';

/** Parses exactly one DER certificate (no trailing bytes); undefined when the bytes are not one. */
export function parseRootCertificate(der: Uint8Array): pkijs.Certificate | undefined {
  try {
    const asn1 = asn1js.fromBER(der);
    if (asn1.offset !== der.length) return undefined;
    return new pkijs.Certificate({ schema: asn1.result });
  } catch {
    return undefined;
  }
}

export function describeRootCertificate(certificate: pkijs.Certificate): RootCertificateFacts {
  return {
    subject: distinguishedNameText(certificate.subject),
    notBefore: certificate.notBefore.value,
    notAfter: certificate.notAfter.value,
    keyType: keyTypeText(certificate.subjectPublicKeyInfo),
  };
}

function distinguishedNameText(name: pkijs.RelativeDistinguishedNames): string {
  return name.typesAndValues
    .map((attribute) => {
      const label = NAME_ATTRIBUTES[attribute.type] ?? attribute.type;
      const value: unknown = (attribute.value as { valueBlock?: { value?: unknown } }).valueBlock?.value;
      return `${label}=${typeof value === 'string' ? value : '?'}`;
    })
    .join(', ');
}

function keyTypeText(keyInfo: pkijs.PublicKeyInfo): string {
  const algorithm = keyInfo.algorithm.algorithmId;
  if (algorithm === RSA_ENCRYPTION) {
    const key = keyInfo.parsedKey;
    if (!(key instanceof pkijs.RSAPublicKey)) return 'RSA (unreadable key)';
    return `RSA-${modulusBits(key.modulus.valueBlock.valueHexView)}`;
  }
  if (algorithm === EC_PUBLIC_KEY) {
    const parameters: unknown = keyInfo.algorithm.algorithmParams;
    const curve = parameters instanceof asn1js.ObjectIdentifier ? NAMED_CURVES[parameters.getValue()] : undefined;
    return `EC ${curve ?? 'unknown curve'}`;
  }
  return `other (${algorithm})`;
}

function modulusBits(modulus: Uint8Array): number {
  let start = 0;
  while (start < modulus.length && modulus[start] === 0) start++;
  const leading = modulus[start] ?? 0;
  return (modulus.length - start - 1) * 8 + (leading === 0 ? 0 : Math.floor(Math.log2(leading)) + 1);
}
