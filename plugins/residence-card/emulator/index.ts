/** The card side of the residence card: an emulated chip and fictional sample cards (demo reader, vpcd, tests). */
export { ResidenceCardEmulator, type ResidenceCardEmulatorOptions } from './residence-card-emulator';
export { createSampleCard, requireSampleProfile, sampleFileSystem, type SampleCardOptions } from './sample-cards';
export { SAMPLE_PROFILES, findSampleProfile, type SampleProfile } from './profiles';
export { gen1FileSystem, type Gen1ChipContent } from './gen1-file-system';
export { gen2FileSystem, type Gen2ChipContent } from './gen2-file-system';
export { specificCardFileSystem, foreignCardFileSystem } from './unreadable-file-systems';
export type { CardFileSystem, ElementaryFile, FileAccess } from './card-file-system';
export { randomChallengeSource, seededChallengeSource, type ChallengeSource } from './challenge-source';
export { EMULATED_RESIDENCE_CARD_ATR, typeBAtr } from './type-b-atr';
