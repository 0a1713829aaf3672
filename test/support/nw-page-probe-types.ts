/** What test/support/nw-page-probe.ts puts on the page's window. */
declare global {
  interface Window {
    importVerifiedPlugin(base64: string): Promise<{ exports: string[] } | { error: string }>;
  }
}

export {};
