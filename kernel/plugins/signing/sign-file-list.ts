import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { parseRootCertificate } from '../../trust/root-certificate';

export type SigningHash = 'SHA-256' | 'SHA-384' | 'SHA-512';

export interface FileListSigner {
  /** A WebCrypto private key: RSASSA-PKCS1-v1_5, RSA-PSS or ECDSA, usable for 'sign'. */
  readonly privateKey: CryptoKey;
  /** The publisher certificate (DER) that goes into the signature; its key must be the pair of `privateKey`. */
  readonly certificateDer: Uint8Array;
  readonly hash?: SigningHash;
  /** Recorded as the signing-time attribute; now when absent. */
  readonly signingTime?: Date;
}

const ID_DATA = '1.2.840.113549.1.7.1';

/**
 * A detached CMS SignedData (DER) over `content`: one signer identified by issuer and serial number, its
 * certificate embedded, signed attributes content-type, signing-time and message-digest. Any CMS tool can
 * produce the same (e.g. `openssl cms -sign -binary -md sha256 -outform DER`), see docs/plugins.md.
 */
export async function signFileList(content: Uint8Array, signer: FileListSigner): Promise<Uint8Array> {
  const certificate = parseRootCertificate(signer.certificateDer);
  if (!certificate) throw new Error('the signing certificate is not one DER certificate');
  const hash = signer.hash ?? 'SHA-256';
  const digest = await crypto.subtle.digest(hash, new Uint8Array(content));
  const signedData = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: ID_DATA }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: certificate.issuer, serialNumber: certificate.serialNumber }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({
          type: 0,
          attributes: [
            new pkijs.Attribute({ type: '1.2.840.113549.1.9.3', values: [new asn1js.ObjectIdentifier({ value: ID_DATA })] }),
            new pkijs.Attribute({ type: '1.2.840.113549.1.9.5', values: [new asn1js.UTCTime({ valueDate: signer.signingTime ?? new Date() })] }),
            new pkijs.Attribute({ type: '1.2.840.113549.1.9.4', values: [new asn1js.OctetString({ valueHex: digest })] }),
          ],
        }),
      }),
    ],
    certificates: [certificate],
  });
  await signedData.sign(signer.privateKey, 0, hash, new Uint8Array(content).buffer);
  const contentInfo = new pkijs.ContentInfo({ contentType: '1.2.840.113549.1.7.2', content: signedData.toSchema(true) });
  return new Uint8Array(contentInfo.toSchema().toBER(false));
}
