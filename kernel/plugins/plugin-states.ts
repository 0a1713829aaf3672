import type { PluginState } from './plugin-record';

/** The state of every known plugin, shared by the host (writer) and the registries (readers). */
export class PluginStates {
  private readonly states = new Map<string, PluginState>();

  set(name: string, state: PluginState): void {
    this.states.set(name, state);
  }

  get(name: string): PluginState | undefined {
    return this.states.get(name);
  }

  /** Enabled plugins contribute, whether or not their code has been activated yet. */
  isUsable(name: string): boolean {
    const state = this.states.get(name);
    return state === 'enabled' || state === 'activating' || state === 'active';
  }
}
