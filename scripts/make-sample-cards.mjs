// Makes the FICTIONAL sample cards of the residence-card emulator: card-face images (ImageMagick, CCITT G4 TIFF),
// face photos (OpenJPEG, JPEG 2000), throwaway test CAs and card certificates (OpenSSL), and the issuer's
// signatures over exactly the bytes the chip holds. Run once; the outputs are committed:
//   plugins/residence-card/emulator/samples.generated.ts   images, certificates, signatures as base64
//   test/fixtures/sample-cards/                             trust store, untrusted CA, keys, images to look at
// Keys and certificates are created only when missing (--fresh-keys replaces them), so re-running re-renders the
// same images and, the RSA signatures being deterministic, changes only the ECDSA signatures.
// Needs: imagemagick, libopenjp2-tools (opj_compress), openssl, fonts-ipafont-gothic.
import { build } from 'esbuild';
import { Buffer } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import { createHash, createPrivateKey, sign, verify, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const fixtures = join(root, 'test/fixtures/sample-cards');
const dirs = {
  keys: join(fixtures, 'keys'),
  trustStore: join(fixtures, 'trust-store'),
  untrusted: join(fixtures, 'untrusted-ca'),
  cardCertificates: join(fixtures, 'card-certificates'),
  images: join(fixtures, 'images'),
};
const generatedModule = join(root, 'plugins/residence-card/emulator/samples.generated.ts');
const FONT = '/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf';
const LIMITS = { gen1Front: 7000, face: 3000, nameImage: 2500, addressImage: 2500 };
const freshKeys = process.argv.includes('--fresh-keys');

const work = mkdtempSync(join(tmpdir(), 'sample-cards-'));

async function main() {
  rmSync(dirs.images, { recursive: true, force: true });
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  const imageMagick = findImageMagick();
  const model = await loadProfileModel();
  const pki = makePki();
  const images = new Map();
  const cards = {};

  for (const profile of model.SAMPLE_PROFILES) {
    if (profile.kind === 'gen1') cards[profile.id] = makeGen1Card(profile, model, pki, images, imageMagick);
    else if (profile.kind === 'gen2') cards[profile.id] = makeGen2Card(profile, model, pki, images, imageMagick);
  }

  const certificates = Object.fromEntries(Object.entries(pki.certificates).map(([id, der]) => [id, der.toString('base64')]));
  writeFileSync(generatedModule, renderModule(images, certificates, cards, pki.trustAnchorIds));
  for (const [id, image] of images) writeFileSync(join(dirs.images, `${id}.${image.extension}`), image.bytes);
  console.log(`wrote ${generatedModule.slice(root.length + 1)}: ${images.size} images, ${Object.keys(cards).length} cards`);
  for (const [id, image] of [...images].sort()) console.log(`  ${id}.${image.extension} ${image.bytes.length} bytes`);
}

/** The profiles and the byte layouts, straight from the TypeScript sources, so signer and chip agree. */
async function loadProfileModel() {
  const result = await build({
    stdin: {
      contents: [
        "export { SAMPLE_PROFILES } from './plugins/residence-card/emulator/profiles.ts';",
        "export { printedEntriesSignedValues } from './plugins/residence-card/emulator/printed-entries.ts';",
        "export { gen1SignedData, gen2SignedData } from './plugins/residence-card/verification/signed-data.ts';",
      ].join('\n'),
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    logLevel: 'error',
  });
  const code = result.outputFiles[0].text;
  return import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Test PKI: two trusted roots (RSA-2048, P-384), one untrusted P-384 root with the same name, card certificates.

const GOVERNMENT_TEST = ['C = JP', 'O = Japanese Government (TEST)'];
const ROOT_SUBJECT = [...GOVERNMENT_TEST, 'OU = The Ministry of Justice (TEST)'];

function makePki() {
  const rsaRoot = makeRoot('zairyu-card-ca-test', 'rsa', 'ZairyuCard CA (TEST)', 0x1001, dirs.trustStore);
  const ecRoot = makeRoot('zairyu-card-ca2-test', 'ec', 'ZairyuCard CA2 (TEST)', 0x1002, dirs.trustStore);
  // Deliberately the same subject as the trusted P-384 root: a verifier that trusts a name instead of a key fails.
  const untrustedRoot = makeRoot('untrusted-zairyu-card-ca2-test', 'ec', 'ZairyuCard CA2 (TEST)', 0x1003, dirs.untrusted);
  const signers = {
    'card-rsa': makeCardCertificate('card-rsa', 'rsa', 'ZairyuCard Signer (TEST)', 0x2001, rsaRoot),
    'card-ec': makeCardCertificate('card-ec', 'ec', 'ZairyuCard Signer2 (TEST)', 0x2002, ecRoot),
    'card-ec-untrusted': makeCardCertificate('card-ec-untrusted', 'ec', 'ZairyuCard Signer2 (TEST)', 0x2003, untrustedRoot),
  };
  const certificates = {
    'root-rsa': rsaRoot.der,
    'root-ec': ecRoot.der,
    ...Object.fromEntries(Object.entries(signers).map(([id, signer]) => [id, signer.der])),
  };
  return { signers, certificates, trustAnchorIds: ['root-rsa', 'root-ec'] };
}

function makeKey(name, algorithm) {
  const path = join(dirs.keys, `${name}.key.pem`);
  if (freshKeys || !existsSync(path)) {
    const options = algorithm === 'rsa' ? ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'] : ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384', '-pkeyopt', 'ec_param_enc:named_curve'];
    openssl(['genpkey', ...options, '-out', path]);
  }
  return path;
}

function makeRoot(name, algorithm, commonName, serial, folder) {
  const keyPath = makeKey(name, algorithm);
  const pemPath = join(folder, `${name}.pem`);
  const derPath = join(folder, `${name}.der`);
  if (freshKeys || !existsSync(pemPath)) {
    const config = writeConfig(`${name}.cnf`, [...ROOT_SUBJECT, `CN = ${commonName}`], [
      'basicConstraints = critical,CA:TRUE,pathlen:0',
      'keyUsage = critical,keyCertSign,cRLSign',
      'subjectKeyIdentifier = hash',
    ]);
    openssl(['req', '-x509', '-new', '-key', keyPath, '-config', config, '-extensions', 'ext', digest(algorithm), '-days', '7305', '-set_serial', `0x${serial.toString(16)}`, '-out', pemPath]);
    openssl(['x509', '-in', pemPath, '-outform', 'DER', '-out', derPath]);
  }
  return { keyPath, pemPath, der: readFileSync(derPath), algorithm };
}

/** The certificate written to DB / DD. Kept small: a 2nd-gen DD must fit 602 bytes (DF3 file of 704 bytes). */
function makeCardCertificate(name, algorithm, commonName, serial, issuer) {
  const keyPath = makeKey(name, algorithm);
  const pemPath = join(dirs.cardCertificates, `${name}.pem`);
  if (freshKeys || !existsSync(pemPath)) {
    const config = writeConfig(`${name}.cnf`, [...GOVERNMENT_TEST, `CN = ${commonName}`], [
      'basicConstraints = critical,CA:FALSE',
      'keyUsage = critical,digitalSignature',
      'authorityKeyIdentifier = keyid',
      'subjectKeyIdentifier = none',
    ]);
    const csr = join(work, `${name}.csr`);
    openssl(['req', '-new', '-key', keyPath, '-config', config, '-out', csr]);
    openssl(['x509', '-req', '-in', csr, '-CA', issuer.pemPath, '-CAkey', issuer.keyPath, '-set_serial', `0x${serial.toString(16)}`, '-days', '3653', digest(issuer.algorithm), '-extfile', config, '-extensions', 'ext', '-out', pemPath]);
  }
  const certificate = new X509Certificate(readFileSync(pemPath));
  if (!certificate.verify(new X509Certificate(issuer.der).publicKey)) throw new Error(`${name} is not signed by its issuer`);
  return { der: certificate.raw, key: createPrivateKey(readFileSync(keyPath)), certificate };
}

function digest(algorithm) {
  return algorithm === 'rsa' ? '-sha256' : '-sha384';
}

function writeConfig(name, subject, extensions) {
  const path = join(work, name);
  writeFileSync(path, ['[req]', 'distinguished_name = dn', 'prompt = no', '[dn]', ...subject, '[ext]', ...extensions, ''].join('\n'));
  return path;
}

function openssl(args) {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

// ---------------------------------------------------------------------------------------------------------------
// Cards

function makeGen1Card(profile, model, pki, images, magick) {
  const front = (holder) => renderGen1Front(profile, holder, magick);
  const face = (portrait) => (portrait ? renderFace(portrait, magick) : undefined);
  const signedFront = front(profile.holder);
  const signedFace = face(profile.holder.portrait);
  const card = {
    frontImage: addImage(images, 'gen1-front', signedFront, 'tif', LIMITS.gen1Front),
    ...(signedFace ? { faceImage: addImage(images, 'face', signedFace, 'jp2', LIMITS.face) } : {}),
  };
  if (profile.signature.kind === 'absent') return card;
  if (profile.signature.kind === 'issued' && profile.signature.issuer !== 'trusted') throw new Error('no untrusted RSA CA is made');
  const signer = pki.signers['card-rsa'];
  const signedData = model.gen1SignedData(signedFront, signedFace ?? new Uint8Array(0));
  const signature = sign('sha256', signedData, signer.key);
  if (!verify('sha256', signedData, signer.certificate.publicKey, signature)) throw new Error(`${profile.id}: RSA signature does not verify`);

  if (profile.signature.kind === 'altered-after-signing') {
    const alteration = profile.signature.alteration;
    if (alteration.image === 'front') card.frontImage = addImage(images, 'gen1-front', front({ ...profile.holder, ...alteration }), 'tif', LIMITS.gen1Front);
    else if (alteration.image === 'face') card.faceImage = addImage(images, 'face', face(alteration.portrait), 'jp2', LIMITS.face);
    else throw new Error(`${profile.id}: a 1st-gen card has no ${alteration.image} image`);
  }
  return { ...card, signature: signature.toString('base64'), certificate: 'card-rsa' };
}

function makeGen2Card(profile, model, pki, images, magick) {
  const name = (holder) => renderNameImage(holder, magick);
  const face = (portrait) => (portrait ? renderFace(portrait, magick) : undefined);
  const signedName = name(profile.holder);
  const signedFace = face(profile.holder.portrait);
  const card = {
    nameImage: addImage(images, 'gen2-name', signedName, 'tif', LIMITS.nameImage),
    ...(signedFace ? { faceImage: addImage(images, 'face', signedFace, 'jp2', LIMITS.face) } : {}),
    addressImage: addImage(images, 'gen2-address', renderAddressImage(profile.holder, magick), 'tif', LIMITS.addressImage),
  };
  if (profile.signature.kind === 'absent') return card;
  const signerId = profile.signature.kind === 'issued' && profile.signature.issuer === 'untrusted' ? 'card-ec-untrusted' : 'card-ec';
  const signer = pki.signers[signerId];
  const signedData = model.gen2SignedData(model.printedEntriesSignedValues(profile.printed), signedFace ?? new Uint8Array(0), signedName);
  const signature = sign('sha256', signedData, { key: signer.key, dsaEncoding: 'ieee-p1363' });
  if (signature.length !== 96) throw new Error(`${profile.id}: ECDSA signature is ${signature.length} bytes, not 96`);
  if (!verify('sha256', signedData, { key: signer.certificate.publicKey, dsaEncoding: 'ieee-p1363' }, signature)) throw new Error(`${profile.id}: ECDSA signature does not verify`);

  if (profile.signature.kind === 'altered-after-signing') {
    const alteration = profile.signature.alteration;
    if (alteration.image === 'name') card.nameImage = addImage(images, 'gen2-name', name({ ...profile.holder, ...alteration }), 'tif', LIMITS.nameImage);
    else if (alteration.image === 'face') card.faceImage = addImage(images, 'face', face(alteration.portrait), 'jp2', LIMITS.face);
    else throw new Error(`${profile.id}: a 2nd-gen card has no ${alteration.image} image`);
  }
  return { ...card, signature: signature.toString('base64'), certificate: signerId };
}

/** Stores an image once, by content: `face-3f2a9c1b`. */
function addImage(images, kind, bytes, extension, limit) {
  if (bytes.length > limit) throw new Error(`${kind} image is ${bytes.length} bytes, over the ${limit}-byte field`);
  const id = `${kind}-${createHash('sha256').update(bytes).digest('hex').slice(0, 8)}`;
  images.set(id, { bytes, extension });
  return id;
}

// ---------------------------------------------------------------------------------------------------------------
// Drawing. Text is passed as separate arguments (no shell), bilevel without anti-aliasing so G4 stays small.

function findImageMagick() {
  for (const candidate of ['magick', '/usr/bin/convert']) {
    try {
      execFileSync(candidate, ['-version'], { stdio: 'ignore' });
      return candidate;
    } catch {
      // try the next one
    }
  }
  throw new Error('ImageMagick is needed: apt-get install -y imagemagick');
}

function bilevelTiff(magick, name, args) {
  const out = join(work, `${name}.tif`);
  execFileSync(magick, [...args, '-threshold', '50%', '-define', 'tiff:rows-per-strip=4096', '+set', 'date:create', '+set', 'date:modify', '-strip', '-compress', 'Group4', out]);
  const bytes = readFileSync(out);
  assertG4Tiff(bytes, name);
  return new Uint8Array(bytes);
}

const date = (yyyymmdd) => `${yyyymmdd.slice(0, 4)}年${yyyymmdd.slice(4, 6)}月${yyyymmdd.slice(6, 8)}日`;
const sexLabel = (sex) => ({ 1: '男 M.', 2: '女 F.', 3: '- X' })[sex];
const FICTIONAL_FOOTER = '見本 SAMPLE ― 架空のデータです  FICTIONAL DATA, NOT A REAL CARD';
let renderCount = 0;

/** 1st gen: the whole front face, 640 × 404 (a card is 85.6 × 54 mm). */
function renderGen1Front(profile, holder, magick) {
  const residence = profile.cardType === '1';
  const face = profile.cardFace;
  const lines = [
    `氏名 NAME  ${holder.nameLatin}  ${holder.nameKanji}`,
    `生年月日 ${date(holder.birthDate)}   性別 ${sexLabel(holder.sex)}`,
    `国籍・地域 ${holder.nationality.ja} ${holder.nationality.en}`,
    `住居地 ${holder.address}`,
    ...(residence
      ? [`在留資格 ${face.statusOfResidence}`, `就労制限の有無 ${face.workRestriction}`, `在留期間(満了日) ${face.periodOfStay}`, `許可の種類 ${face.permission}`]
      : []),
    `交付年月日 ${face.issueDate}`,
  ];
  const args = ['-size', '640x404', 'xc:white', '+antialias', '-font', FONT];
  args.push('-fill', 'none', '-stroke', 'black', '-strokewidth', '2', '-draw', 'roundrectangle 3,3 636,400 16,16', '-stroke', 'none', '-fill', 'black');
  args.push('-pointsize', residence ? '22' : '17', '-annotate', '+20+36', residence ? '在留カード  RESIDENCE CARD' : '特別永住者証明書  SPECIAL PERMANENT RESIDENT');
  args.push('-pointsize', '17', '-annotate', '+420+62', `番号 ${profile.cardNumber}`);
  lines.forEach((line, index) => args.push('-pointsize', '16', '-annotate', `+20+${90 + index * 27}`, line));
  const validity = residence ? `このカードは ${face.validUntil} まで有効です` : `この証明書は ${face.validUntil} まで有効です`;
  args.push('-pointsize', '20', '-annotate', '+20+352', validity);
  args.push('-pointsize', '13', '-annotate', '+20+388', FICTIONAL_FOOTER);
  if (holder.portrait) {
    args.push('-fill', 'white', '-stroke', 'black', '-strokewidth', '2', '-draw', 'rectangle 470,78 610,256');
    args.push('-fill', 'black', '-stroke', 'none', '-draw', 'circle 540,142 540,104', '-draw', 'ellipse 540,256 62,70 180,360');
    args.push('-fill', 'white', '-pointsize', '16', '-annotate', '+507+246', 'SAMPLE');
  }
  // Outlined text vanishes without anti-aliasing; the threshold below makes it bilevel again.
  args.push('-antialias', '-fill', 'none', '-stroke', 'black', '-strokewidth', '2', '-pointsize', '120', '-draw', "rotate -18 text 60,360 '見本'");
  return bilevelTiff(magick, `front-${renderCount++}`, args);
}

/** 2nd gen: the name as printed, Latin and kanji, 600 × 72. */
function renderNameImage(holder, magick) {
  const args = ['-size', '600x72', 'xc:white', '+antialias', '-font', FONT, '-fill', 'black'];
  args.push('-pointsize', '26', '-annotate', '+8+32', holder.nameLatin, '-annotate', '+8+66', holder.nameKanji);
  args.push('-pointsize', '14', '-annotate', '+470+20', '見本 SAMPLE', '-annotate', '+470+40', '架空 FICTIONAL');
  return bilevelTiff(magick, `name-${renderCount++}`, args);
}

/** 2nd gen: the address as printed, 600 × 56. */
function renderAddressImage(holder, magick) {
  const args = ['-size', '600x56', 'xc:white', '+antialias', '-font', FONT, '-fill', 'black'];
  args.push('-pointsize', '18', '-annotate', '+8+24', holder.address);
  args.push('-pointsize', '14', '-annotate', '+8+48', '（見本 SAMPLE ― 架空の住所 FICTIONAL ADDRESS）');
  return bilevelTiff(magick, `address-${renderCount++}`, args);
}

/** A colour face silhouette, 144 × 180, as JPEG 2000 (JP2 file format) of the best quality under 3000 bytes. */
function renderFace(portrait, magick) {
  const name = `face-${renderCount++}`;
  const ppm = join(work, `${name}.ppm`);
  execFileSync(magick, [
    '-size', '144x180', `gradient:${portrait.background}-white`, '-font', FONT,
    '-fill', portrait.figure, '-draw', 'circle 72,70 72,32', '-draw', 'ellipse 72,182 60,58 180,360',
    '-fill', 'white', '-pointsize', '16', '-draw', "text 42,168 'SAMPLE'", '-pointsize', '14', '-draw', "text 56,150 '見本'",
    '-depth', '8', ppm,
  ]);
  for (let ratio = 10; ratio <= 200; ratio += 2) {
    const jp2 = join(work, `${name}-${ratio}.jp2`);
    execFileSync('opj_compress', ['-i', ppm, '-o', jp2, '-r', String(ratio)], { stdio: 'ignore' });
    const bytes = readFileSync(jp2);
    if (bytes.length <= LIMITS.face) return new Uint8Array(bytes);
  }
  throw new Error('face image does not fit 3000 bytes');
}

/** A TIFF whose compression tag (259) says 4, CCITT Group 4. */
function assertG4Tiff(bytes, name) {
  const little = bytes.toString('latin1', 0, 2) === 'II';
  const u16 = (offset) => (little ? bytes.readUInt16LE(offset) : bytes.readUInt16BE(offset));
  const u32 = (offset) => (little ? bytes.readUInt32LE(offset) : bytes.readUInt32BE(offset));
  if (u16(2) !== 42) throw new Error(`${name}: not a TIFF`);
  const ifd = u32(4);
  for (let entry = 0; entry < u16(ifd); entry += 1) {
    const at = ifd + 2 + entry * 12;
    if (u16(at) === 259 && u16(at + 8) === 4) return;
  }
  throw new Error(`${name}: TIFF is not CCITT Group 4`);
}

// ---------------------------------------------------------------------------------------------------------------

function renderModule(images, certificates, cards, trustAnchorIds) {
  const sorted = (object) => Object.fromEntries(Object.entries(object).sort(([a], [b]) => a.localeCompare(b)));
  const imageEntries = Object.fromEntries([...images].map(([id, image]) => [id, Buffer.from(image.bytes).toString('base64')]));
  const json = (value) => JSON.stringify(value, null, 2).replace(/"([A-Za-z]\w*)":/g, '$1:').replace(/"/g, "'");
  return `// Generated by scripts/make-sample-cards.mjs: do not edit. FICTIONAL sample data (見本), signed by throwaway
// TEST CAs (test/fixtures/sample-cards). Images are MMR (CCITT G4) TIFF and JPEG 2000; signatures are RSA PKCS#1 v1.5
// SHA-256 (1st gen) and raw r||s ECDSA P-384 SHA-256 (2nd gen); certificates are DER.
import type { GeneratedSampleAssets } from './sample-assets';

export const SAMPLE_ASSETS: GeneratedSampleAssets = {
  images: ${json(sorted(imageEntries)).replace(/\n/g, '\n  ')},
  certificates: ${json(sorted(certificates)).replace(/\n/g, '\n  ')},
  cards: ${json(sorted(cards)).replace(/\n/g, '\n  ')},
  testTrustAnchors: ${json(trustAnchorIds).replace(/\n/g, '\n  ')},
};
`;
}

// Last, so that every constant above is initialised.
try {
  await main();
} finally {
  rmSync(work, { recursive: true, force: true });
}
