import { Component, type ComponentChildren } from 'preact';
import type { PluginHost } from '../../../kernel/plugins/plugin-host';

interface Props {
  readonly pluginName: string;
  readonly contributionId: string;
  readonly host: PluginHost;
  readonly fallback: ComponentChildren;
  readonly children: ComponentChildren;
}

/**
 * Every contributed component renders inside one of these: a plugin that throws while rendering is taken out
 * of service with a logged reason, and the screen around it keeps working.
 */
export class ContributionBoundary extends Component<Props, { failed: boolean }> {
  override state = { failed: false };

  override componentDidCatch(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.props.host.disable(this.props.pluginName, `${this.props.contributionId} failed while rendering: ${message}`);
    this.setState({ failed: true });
  }

  override render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}
