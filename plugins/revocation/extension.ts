import type { PluginContext } from '../../kernel/api';
import { createInquiryView } from './views/inquiry-view';

export function activate(context: PluginContext): void {
  context.registerView('revocation.inquiry', createInquiryView(context));
}
