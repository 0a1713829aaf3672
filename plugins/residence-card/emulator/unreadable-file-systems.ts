import { dedicatedFile, type CardFileSystem } from './card-file-system';
import { residenceCardMasterFile } from './master-file';

/**
 * 特定在留カード ('07', '08'): the emulator shows only the card type. The real chip's 在留AP needs SET SESSION KEY
 * (not public), and the same chip holds the My Number / JPKI applications, which the kiosk must never select, so
 * every DF is absent here (6A 82) and there is no authentication.
 */
export function specificCardFileSystem(cardType: '07' | '08'): CardFileSystem {
  return { mf: residenceCardMasterFile(cardType, { withCommonData: false }), dfs: [], accessControl: undefined };
}

/** Some other contactless card: an MF without the residence card's files (the card type read answers 6A 82). */
export function foreignCardFileSystem(): CardFileSystem {
  return { mf: dedicatedFile([]), dfs: [], accessControl: undefined };
}
