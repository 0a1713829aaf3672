import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { StaticReaderMonitor } from '../../kernel/reader/reader-monitor';
import { NoReaderCardReadingService } from '../../kernel/session/card-reading-service';
import { KioskApp } from '../../shell/app/kiosk-app';
import { kernelWithBuiltinPlugins } from '../support/builtin-kernel';

afterEach(cleanup);

/** Windows manual §4: which buttons each number-position page has, and where they lead. */
describe('number-position help', () => {
  it('has close and > on the 1st-gen page, close < > on the 2nd-gen page, close and < on the 特定 page', async () => {
    const kernel = await kernelWithBuiltinPlugins();
    render(
      <KioskApp
        services={{
          kernel,
          reader: new StaticReaderMonitor(),
          cardReading: new NoReaderCardReadingService(),
          appVersion: '1',
          pcscServiceName: 'pcscd',
          exitApp: () => undefined,
        }}
      />,
    );
    fireEvent.click(screen.getByTestId('number-help'));
    const buttons = () => ({
      page: screen.getByTestId('help-page').dataset.pageId,
      previous: screen.queryByTestId('help-previous') !== null,
      next: screen.queryByTestId('help-next') !== null,
      close: screen.queryByTestId('help-close') !== null,
    });
    expect(buttons()).toEqual({ page: 'help.gen1', previous: false, next: true, close: true });
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('第一世代在留カード等番号位置');
    fireEvent.click(screen.getByTestId('help-next'));
    expect(buttons()).toEqual({ page: 'help.gen2', previous: true, next: true, close: true });
    fireEvent.click(screen.getByTestId('help-next'));
    expect(buttons()).toEqual({ page: 'help.specific', previous: true, next: false, close: true });
    fireEvent.click(screen.getByTestId('help-previous'));
    expect(buttons().page).toBe('help.gen2');
    fireEvent.click(screen.getByTestId('help-close'));
    expect(screen.getByTestId('enter-number-title')).toBeTruthy();
  });
});
