import { describe, expect, it, vi } from 'vitest';
import type { PluginContext } from '../../kernel/api';
import { testKernel } from '../support/kernel';
import { MemoryPluginSource, manifest } from '../support/memory-plugin-source';

const locales = {
  locales: [
    { language: 'ja', path: 'ja.json' },
    { language: 'en', path: 'en.json' },
  ],
};
const messages = { 'ja.json': { title: 'タイトル' }, 'en.json': { title: 'Title' } };

describe('plugin host', () => {
  it('rejects a bad manifest with a readable reason while the other plugins still load', async () => {
    const kernel = await testKernel();
    const good = new MemoryPluginSource('good', { 'package.json': manifest('good', { main: undefined, contributes: { views: [{ id: 'good.view', titleKey: 'title' }], ...locales } }), ...messages });
    const bad = new MemoryPluginSource('bad', {
      'package.json': manifest('bad', { version: 'one', contributes: { cardTypes: [{ c1: 'X', generation: 3, family: 'residenceCard', displayNameKey: 'x' }] } }),
    });
    await kernel.plugins.load([bad, good]);

    const summaries = Object.fromEntries(kernel.plugins.summaries().map((summary) => [summary.name, summary]));
    expect(summaries.good?.state).toBe('enabled');
    expect(summaries.bad?.state).toBe('disabled');
    expect(summaries.bad?.reason).toContain('version: must be a semantic version');

    const badContribution = new MemoryPluginSource('bad2', {
      'package.json': manifest('bad2', { contributes: { cardTypes: [{ c1: 'X', generation: 3, family: 'residenceCard', displayNameKey: 'x' }] } }),
    });
    const kernel2 = await testKernel();
    await kernel2.plugins.load([badContribution]);
    const reason = kernel2.plugins.summaries()[0]?.reason ?? '';
    expect(reason).toContain('contributes.cardTypes[0].c1: must be a card type (C1) value');
    expect(reason).toContain('contributes.cardTypes[0].generation');
    expect(kernel2.contributions.cardTypes()).toEqual([]);
    // The problem is logged for the operator too.
    expect(kernel2.logger.recent().some((record) => record.level === 'error' && record.fields?.plugin === 'bad2')).toBe(true);
  });

  it('refuses a manifest for another kernel API version, unreadable resources and a duplicate name', async () => {
    const kernel = await testKernel();
    await kernel.plugins.load([
      new MemoryPluginSource('future', { 'package.json': manifest('future', { engines: { 'zairyu-kiosk': '^2.0.0' } }) }),
      new MemoryPluginSource('missing-locale', { 'package.json': manifest('missing-locale', { main: undefined, contributes: locales }) }),
      new MemoryPluginSource('one', { 'package.json': manifest('same', { main: undefined }) }),
      new MemoryPluginSource('two', { 'package.json': manifest('same', { main: undefined }) }),
      new MemoryPluginSource('garbage', { 'package.json': '{ not json' }),
    ]);
    const byLocation = Object.fromEntries(kernel.plugins.summaries().map((summary) => [summary.location, summary]));
    expect(byLocation.future?.reason).toContain('needs ^2.0.0, this kiosk provides 1.1.0');
    expect(byLocation['missing-locale']?.reason).toContain('contributes.locales: ja.json is missing');
    expect(byLocation.one?.state).toBe('enabled');
    expect(byLocation.two?.state).toBe('disabled');
    expect(byLocation.two?.reason).toContain('already loaded from one');
    expect(byLocation.garbage?.reason).toContain('manifest could not be read');
  });

  it.each([
    ['numberPositionHelp', [{ id: 'help.x', order: 1, image: './help.svg', highlight: { x: 0.5, y: 0.5, width: 0.7, height: 2 }, titleKey: 't', captionKey: 'c' }], 'contributes.numberPositionHelp[0].highlight.height'],
    ['resultPanels', [{ id: 'p', cardTypes: ['05'], slot: 'somewhere', order: 1, titleKey: 't' }], 'contributes.resultPanels[0].slot'],
    ['errorMappings', [{ statusWord: '6a82', messageKey: 'm', action: 'retry' }], 'contributes.errorMappings[0].statusWord'],
    ['errorMappings', [{ code: 'CARD_READ_FAILED', statusWord: '6A82', messageKey: 'm', action: 'retry' }], 'needs exactly one of "code" or "statusWord"'],
    ['errorMappings', [{ code: 'CARD_READ_FAILED', messageKey: 'm', action: 'retry', helpUrl: 'http://example.com/' }], 'contributes.errorMappings[0].helpUrl'],
    ['locales', [{ language: 'fr', path: 'fr.json' }], 'contributes.locales[0].language'],
    ['codeTables', [{ id: 'nationality', path: '../outside.json' }], 'contributes.codeTables[0].path'],
    ['views', [{ id: 'v', titleKey: 't', cardTypes: ['card'] }], 'contributes.views[0].cardTypes[0]'],
    ['settings', { limit: { type: 'number', default: 'ten', descriptionKey: 'd' } }, 'contributes.settings'],
  ] as const)('validates contributes.%s against its schema: %j is refused, naming %s', async (point, value, expected) => {
    const kernel = await testKernel();
    await kernel.plugins.load([new MemoryPluginSource('p', { 'package.json': manifest('p', { main: undefined, contributes: { [point]: value } }), 'help.svg': '<svg/>' })]);
    const [summary] = kernel.plugins.summaries();
    expect(summary?.state).toBe('disabled');
    expect(summary?.reason).toContain(expected);
  });

  it('disables a plugin whose manifest names a help image it does not have', async () => {
    const kernel = await testKernel();
    const help = { numberPositionHelp: [{ id: 'help.x', order: 1, image: './help/card.svg', highlight: { x: 0, y: 0, width: 0.5, height: 0.1 }, titleKey: 't', captionKey: 'c' }] };
    await kernel.plugins.load([
      new MemoryPluginSource('without', { 'package.json': manifest('without', { main: undefined, contributes: help }) }),
      new MemoryPluginSource('with', { 'package.json': manifest('with', { main: undefined, contributes: help }), 'help/card.svg': '<svg/>' }),
    ]);
    const byName = Object.fromEntries(kernel.plugins.summaries().map((summary) => [summary.name, summary]));
    expect(byName.without).toMatchObject({ state: 'disabled', reason: expect.stringContaining('contributes.numberPositionHelp: ./help/card.svg is missing') });
    expect(byName.with?.state).toBe('enabled');
  });

  it('activates lazily, on the declared event only', async () => {
    const kernel = await testKernel();
    const activate = vi.fn();
    const source = new MemoryPluginSource(
      'lazy',
      { 'package.json': manifest('lazy', { activationEvents: ['onCardType:05'], contributes: { cardTypes: [{ c1: '05', generation: 2, family: 'residenceCard', displayNameKey: 'x' }] } }) },
      { activate },
    );
    await kernel.plugins.load([source]);
    expect(source.loads).toBe(0);
    expect(kernel.plugins.stateOf('lazy')).toBe('enabled');
    // Contributions are there before any code runs (manifest first).
    expect(kernel.contributions.cardType('05')?.pluginName).toBe('lazy');

    await kernel.plugins.activateByEvent('onCardType:1');
    expect(activate).not.toHaveBeenCalled();
    await kernel.plugins.activateByEvent('onCardType:05');
    await kernel.plugins.activateByEvent('onCardType:05');
    expect(activate).toHaveBeenCalledTimes(1);
    expect(kernel.plugins.stateOf('lazy')).toBe('active');
  });

  it('a second activation event during a slow activation waits for the same activation', async () => {
    const kernel = await testKernel();
    let release!: () => void;
    const activate = vi.fn(() => new Promise<void>((resolve) => (release = resolve)));
    await kernel.plugins.load([
      new MemoryPluginSource('slow', { 'package.json': manifest('slow', { activationEvents: ['onView:slow.a', 'onView:slow.b'] }) }, { activate }),
    ]);
    const first = kernel.plugins.activateByEvent('onView:slow.a');
    await Promise.resolve();
    const second = kernel.plugins.activateByEvent('onView:slow.b');
    let secondDone = false;
    void second.then(() => (secondDone = true));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(secondDone).toBe(false);
    release();
    await Promise.all([first, second]);
    expect(kernel.plugins.stateOf('slow')).toBe('active');
    expect(activate).toHaveBeenCalledTimes(1);
  });

  it("passes a dependency's exported API to its dependent, activating the dependency first", async () => {
    const kernel = await testKernel();
    const order: string[] = [];
    const base = new MemoryPluginSource('base', { 'package.json': manifest('base') }, {
      activate: () => {
        order.push('base');
        return { answer: 42 };
      },
    });
    let received: unknown;
    const dependent = new MemoryPluginSource(
      'dependent',
      { 'package.json': manifest('dependent', { activationEvents: ['onStartup'], extensionDependencies: ['base'] }) },
      {
        activate: (context: PluginContext) => {
          order.push('dependent');
          received = context.dependencyApi('base');
        },
      },
    );
    await kernel.plugins.load([dependent, base]);
    expect(order).toEqual(['base', 'dependent']);
    expect(received).toEqual({ answer: 42 });
  });

  it('disables plugins whose dependency is missing or circular', async () => {
    const kernel = await testKernel();
    await kernel.plugins.load([
      new MemoryPluginSource('orphan', { 'package.json': manifest('orphan', { extensionDependencies: ['nowhere'] }) }),
      new MemoryPluginSource('a', { 'package.json': manifest('a', { extensionDependencies: ['b'] }) }),
      new MemoryPluginSource('b', { 'package.json': manifest('b', { extensionDependencies: ['a'] }) }),
      new MemoryPluginSource('c', { 'package.json': manifest('c', { extensionDependencies: ['orphan'] }) }),
    ]);
    expect(kernel.plugins.summaries().map((summary) => [summary.name, summary.state, summary.reason])).toEqual([
      ['orphan', 'disabled', 'depends on "nowhere", which is not installed'],
      ['a', 'disabled', 'circular dependency with "b"'],
      ['b', 'disabled', 'depends on "a", which is disabled'],
      ['c', 'disabled', 'depends on "orphan", which is disabled'],
    ]);
  });

  it('contains a plugin that throws while activating: it fails, its contributions go, the rest keep working', async () => {
    const kernel = await testKernel();
    const healthy = vi.fn();
    await kernel.plugins.load([
      new MemoryPluginSource(
        'thrower',
        { 'package.json': manifest('thrower', { activationEvents: ['onStartup'], contributes: { resultPanels: [{ id: 'thrower.panel', cardTypes: ['1'], slot: 'details' }] } }) },
        { activate: () => { throw new Error('boom'); } },
      ),
      new MemoryPluginSource('healthy', { 'package.json': manifest('healthy', { activationEvents: ['onStartup'] }) }, { activate: healthy }),
      new MemoryPluginSource('needs-thrower', { 'package.json': manifest('needs-thrower', { extensionDependencies: ['thrower'] }) }, { activate: vi.fn() }),
    ]);
    expect(kernel.plugins.stateOf('thrower')).toBe('failed');
    expect(kernel.plugins.summaries().find((summary) => summary.name === 'thrower')?.reason).toBe('activation failed: boom');
    expect(kernel.plugins.stateOf('needs-thrower')).toBe('failed');
    expect(kernel.contributions.resultPanels('1')).toEqual([]);
    expect(healthy).toHaveBeenCalledTimes(1);
    expect(kernel.plugins.stateOf('healthy')).toBe('active');
  });

  it('refuses registrations that the manifest did not declare', async () => {
    const kernel = await testKernel();
    await kernel.plugins.load([
      new MemoryPluginSource('sneaky', { 'package.json': manifest('sneaky', { activationEvents: ['onStartup'] }) }, {
        activate: (context: PluginContext) => {
          context.registerView('sneaky.view', () => null);
        },
      }),
    ]);
    expect(kernel.plugins.summaries()[0]?.reason).toContain('"sneaky.view" is not declared in contributes.views of sneaky');
    expect(kernel.implementations.views.size).toBe(0);
  });

  it('validates plugin settings from the config against the declared settings', async () => {
    const settings = { limit: { type: 'number', default: 3, minimum: 1, descriptionKey: 'title' } };
    const kernel = await testKernel({ pluginSettings: { tuned: { limit: 5 }, broken: { limit: 0 } } });
    let seen: number | undefined;
    await kernel.plugins.load([
      new MemoryPluginSource('tuned', { 'package.json': manifest('tuned', { activationEvents: ['onStartup'], contributes: { settings } }) }, {
        activate: (context: PluginContext) => {
          seen = context.settings.get<number>('limit');
        },
      }),
      new MemoryPluginSource('broken', { 'package.json': manifest('broken', { contributes: { settings } }) }),
    ]);
    expect(seen).toBe(5);
    expect(kernel.plugins.summaries()[1]?.reason).toContain('config pluginSettings.broken.limit: must be at least 1');
  });

  it('namespaces plugin messages and qualifies manifest keys', async () => {
    const kernel = await testKernel({ language: 'en' });
    await kernel.plugins.load([
      new MemoryPluginSource('named', { 'package.json': manifest('named', { main: undefined, contributes: { views: [{ id: 'named.view', titleKey: 'title' }], ...locales } }), ...messages }),
    ]);
    const view = kernel.contributions.views()[0]?.value;
    expect(view?.titleKey).toBe('named:title');
    expect(kernel.i18n.t(view!.titleKey)).toBe('Title');
    await kernel.i18n.setLanguage('ja');
    expect(kernel.i18n.t(view!.titleKey)).toBe('タイトル');
  });

  it('withdraws a plugin that fails at run time, e.g. from a rendering error', async () => {
    const kernel = await testKernel();
    await kernel.plugins.load([
      new MemoryPluginSource(
        'renderer',
        { 'package.json': manifest('renderer', { activationEvents: ['onStartup'], contributes: { views: [{ id: 'renderer.view', titleKey: 'title' }] } }) },
        { activate: (context: PluginContext) => void context.registerView('renderer.view', () => null) },
      ),
    ]);
    expect(kernel.implementations.views.has('renderer.view')).toBe(true);
    kernel.plugins.disable('renderer', 'renderer.view threw while rendering');
    expect(kernel.plugins.stateOf('renderer')).toBe('failed');
    expect(kernel.implementations.views.has('renderer.view')).toBe(false);
    expect(kernel.contributions.views()).toEqual([]);
  });
});
