/**
 * The files of one plugin folder, for signing and for checking a signature. Node reads a folder on disk
 * (kernel/node/plugin-folder-files.ts); tests use memory. Paths are plugin-relative with '/' separators.
 */
export interface PluginFiles {
  /** Human-readable location for messages: a folder path or a URL. */
  readonly location: string;
  /**
   * Every regular file of the folder, recursively, in any order, including the `signature/` folder. Rejects,
   * naming the path, when the folder holds anything else (a symbolic link, a device, a socket).
   */
  list(): Promise<string[]>;
  /** The bytes of one listed file. */
  read(relativePath: string): Promise<Uint8Array>;
}
