import type { CardFileSystem } from './card-file-system';
import { randomChallengeSource, seededChallengeSource } from './challenge-source';
import { gen1FileSystem } from './gen1-file-system';
import { gen2FileSystem } from './gen2-file-system';
import { findSampleProfile, SAMPLE_PROFILES, type Gen1Profile, type Gen2Profile, type SampleProfile } from './profiles';
import { ResidenceCardEmulator } from './residence-card-emulator';
import { base64ToBytes, type GeneratedCardAssets, type GeneratedSampleAssets } from './sample-assets';
import { SAMPLE_ASSETS } from './samples.generated';
import { foreignCardFileSystem, specificCardFileSystem } from './unreadable-file-systems';

/** The sample profiles joined with their generated images and signatures: ready-to-insert emulated cards. */

export interface SampleCardOptions {
  /** Replayable RND.ICC / K.ICC (benchmarks, recorded traces); the seed defaults to the profile id. */
  readonly deterministic?: boolean;
  readonly seed?: string;
  /** Another asset set, for tests; defaults to the committed samples.generated.ts. */
  readonly assets?: GeneratedSampleAssets;
}

/** Throws a RangeError naming the known ids when `profileId` is unknown. */
export function createSampleCard(profileId: string, options: SampleCardOptions = {}): ResidenceCardEmulator {
  const profile = requireSampleProfile(profileId);
  const challenges = options.deterministic ? seededChallengeSource(options.seed ?? profile.id) : randomChallengeSource;
  return new ResidenceCardEmulator(sampleFileSystem(profile, options.assets ?? SAMPLE_ASSETS), { challenges });
}

export function requireSampleProfile(profileId: string): SampleProfile {
  const profile = findSampleProfile(profileId);
  if (!profile) throw new RangeError(`unknown sample card "${profileId}"; known: ${SAMPLE_PROFILES.map((known) => known.id).join(', ')}`);
  return profile;
}

export function sampleFileSystem(profile: SampleProfile, assets: GeneratedSampleAssets = SAMPLE_ASSETS): CardFileSystem {
  switch (profile.kind) {
    case 'gen1':
      return gen1SampleFileSystem(profile, new AssetResolver(assets, profile.id));
    case 'gen2':
      return gen2SampleFileSystem(profile, new AssetResolver(assets, profile.id));
    case 'specific':
      return specificCardFileSystem(profile.cardType);
    case 'not-residence-card':
      return foreignCardFileSystem();
  }
}

function gen1SampleFileSystem(profile: Gen1Profile, assets: AssetResolver): CardFileSystem {
  return gen1FileSystem({
    cardType: profile.cardType,
    cardNumber: profile.cardNumber,
    frontImage: assets.requiredImage('frontImage'),
    faceImage: assets.optionalImage('faceImage'),
    addressHistory: profile.addressHistory,
    ...(profile.workPermission ? { workPermission: profile.workPermission } : {}),
    ...(profile.renewalApplication ? { renewalApplication: profile.renewalApplication } : {}),
    textLayout: profile.textLayout,
    signature: assets.signature(),
  });
}

function gen2SampleFileSystem(profile: Gen2Profile, assets: AssetResolver): CardFileSystem {
  return gen2FileSystem({
    cardType: profile.cardType,
    cardNumber: profile.cardNumber,
    printed: profile.printed,
    nameImage: assets.requiredImage('nameImage'),
    faceImage: assets.optionalImage('faceImage'),
    addressImage: assets.requiredImage('addressImage'),
    ...(profile.workPermission ? { workPermission: profile.workPermission } : {}),
    ...(profile.renewalApplication ? { renewalApplication: profile.renewalApplication } : {}),
    other: profile.other,
    signature: assets.signature(),
  });
}

type ImageSlot = 'frontImage' | 'faceImage' | 'nameImage' | 'addressImage';

/** Decodes one profile's assets, failing loudly when the generated module and the profiles disagree. */
class AssetResolver {
  private readonly card: GeneratedCardAssets;

  constructor(
    private readonly assets: GeneratedSampleAssets,
    private readonly profileId: string,
  ) {
    const card = assets.cards[profileId];
    if (!card) throw new Error(`no generated assets for sample "${profileId}": run node scripts/make-sample-cards.mjs`);
    this.card = card;
  }

  requiredImage(slot: ImageSlot): Uint8Array {
    const image = this.optionalImage(slot);
    if (!image) throw new Error(`sample "${this.profileId}" has no ${slot}`);
    return image;
  }

  optionalImage(slot: ImageSlot): Uint8Array | undefined {
    const id = this.card[slot];
    if (id === undefined) return undefined;
    const base64 = this.assets.images[id];
    if (base64 === undefined) throw new Error(`sample "${this.profileId}": image ${id} missing`);
    return base64ToBytes(base64);
  }

  signature(): { signature: Uint8Array; certificate: Uint8Array } | undefined {
    const { signature, certificate } = this.card;
    if (signature === undefined || certificate === undefined) return undefined;
    const der = this.assets.certificates[certificate];
    if (der === undefined) throw new Error(`sample "${this.profileId}": certificate ${certificate} missing`);
    return { signature: base64ToBytes(signature), certificate: base64ToBytes(der) };
  }
}
