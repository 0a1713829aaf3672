import { Window as HappyWindow } from 'happy-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fillAgent, fillAgentScript, fillForm, type FillAgentMessage, type FillFormRequest } from '../../shell/web/fill-agent';

const KIOSK = 'http://127.0.0.1:4000';

const FORM = `
  <form method="post" action="./inquiry" id="f">
    <input type="hidden" name="__VIEWSTATE" value="vs">
    <input name="ctl00$Main$txtZairyuCardNo" id="number">
    <input name="ctl00$Main$txtYear" id="year">
    <select name="ctl00$Main$ddlMonth" id="month"><option value="">--</option><option value="1">1</option><option value="3">3</option></select>
    <input name="ctl00$Main$txtDay" id="day">
    <input type="submit" name="ctl00$Main$btnInquiry" value="問合せ" id="submit">
  </form>
  <a id="away" href="https://elsewhere.example/page">away</a>
  <a id="inside" href="/inquiry">inside</a>`;

const REQUEST: FillFormRequest = {
  fill: [
    { selector: 'input[name*="CardNo"]', value: 'CD23456789EF' },
    { selector: '[name*="Year"]:not([type="hidden"])', value: '2031' },
    { selector: '[name*="Month"]', value: '03' },
    { selector: '[name*="Day"]:not([type="hidden"])', value: '31' },
  ],
  submitSelector: 'input[type="submit"], button[type="submit"]',
  antiAbuseSelector: 'img[src*="JpegImage"], [id*="captcha"]',
};

afterEach(() => {
  document.body.innerHTML = '';
});

describe('fillForm (runs in the service page)', () => {
  it('fills inputs and selects, dispatches input and change, and clicks submit', () => {
    document.body.innerHTML = FORM;
    const events: string[] = [];
    for (const id of ['number', 'year', 'month', 'day']) {
      const element = document.getElementById(id)!;
      element.addEventListener('input', () => events.push(`input:${id}`));
      element.addEventListener('change', () => events.push(`change:${id}`));
    }
    const submitted = vi.fn((event: Event) => event.preventDefault());
    document.getElementById('f')!.addEventListener('submit', submitted);
    const clicked = vi.fn();
    document.getElementById('submit')!.addEventListener('click', clicked);

    expect(fillForm(document, REQUEST)).toEqual({ form: 'filled', missing: [] });
    expect((document.getElementById('number') as HTMLInputElement).value).toBe('CD23456789EF');
    expect((document.getElementById('year') as HTMLInputElement).value).toBe('2031');
    expect((document.getElementById('month') as HTMLSelectElement).value).toBe('3'); // "03" matched option "3"
    expect((document.getElementById('day') as HTMLInputElement).value).toBe('31');
    expect((document.querySelector('[name="__VIEWSTATE"]') as HTMLInputElement).value).toBe('vs');
    expect(events).toEqual(['input:number', 'change:number', 'input:year', 'change:year', 'input:month', 'change:month', 'input:day', 'change:day']);
    expect(clicked).toHaveBeenCalledTimes(1);
  });

  it('fills but does not submit when an anti-abuse check is on the form, and never touches the check', () => {
    document.body.innerHTML = FORM.replace('<input type="submit"', '<img src="JpegImage.aspx"><input id="captcha-answer" value=""><input type="submit"');
    const clicked = vi.fn();
    document.getElementById('submit')!.addEventListener('click', clicked);
    expect(fillForm(document, REQUEST)).toEqual({ form: 'filled-awaiting-person', missing: [] });
    expect((document.getElementById('number') as HTMLInputElement).value).toBe('CD23456789EF');
    expect((document.getElementById('captcha-answer') as HTMLInputElement).value).toBe('');
    expect(clicked).not.toHaveBeenCalled();
  });

  it('reports "none" on a page without the form (e.g. the anti-abuse step) and clicks nothing', () => {
    document.body.innerHTML = '<h1>不正利用防止のための認証</h1><form><input id="answer"><button type="submit" id="check">認証する</button></form>';
    const clicked = vi.fn();
    document.getElementById('check')!.addEventListener('click', clicked);
    expect(fillForm(document, REQUEST)).toEqual({ form: 'none', missing: [] });
    expect(clicked).not.toHaveBeenCalled();
  });

  it('reports "incomplete" with the selectors that found nothing (a changed page), submitting nothing', () => {
    document.body.innerHTML = FORM.replace('ctl00$Main$txtDay', 'ctl00$Main$txtD');
    const clicked = vi.fn();
    document.getElementById('submit')!.addEventListener('click', clicked);
    expect(fillForm(document, REQUEST)).toEqual({ form: 'incomplete', missing: ['[name*="Day"]:not([type="hidden"])'] });
    expect(clicked).not.toHaveBeenCalled();
  });

  it('treats an invalid selector as not found instead of throwing', () => {
    document.body.innerHTML = FORM;
    expect(fillForm(document, { ...REQUEST, submitSelector: '[[[' }).form).toBe('incomplete');
  });
});

describe('fillAgent (the proxy-injected script)', () => {
  /** A fresh page on the proxy origin for each agent (its listeners stay on its document). */
  function page(html: string) {
    const win = new HappyWindow({ url: 'http://127.0.0.1:5000/inquiry' });
    win.document.body.innerHTML = html;
    return win as unknown as Window;
  }
  function install(win: Window, kind: 'page' | 'blocked' | 'error' = 'page', detail = '', status = 200) {
    const sent: FillAgentMessage[] = [];
    fillAgent(win, { kioskOrigin: KIOSK, status, kind, detail }, fillForm, (message) => sent.push(message));
    return sent;
  }
  const fromKiosk = (win: Window, data: unknown, origin = KIOSK) =>
    win.dispatchEvent(new (win as unknown as { MessageEvent: typeof MessageEvent }).MessageEvent('message', { data, origin, source: win.parent }));
  const click = (win: Window, id: string) => {
    const event = new (win as unknown as { MouseEvent: typeof MouseEvent }).MouseEvent('click', { bubbles: true, cancelable: true });
    win.document.getElementById(id)!.dispatchEvent(event);
    return event;
  };

  it('announces the page, then fills once when the kiosk page asks', () => {
    const win = page(FORM);
    win.document.getElementById('f')!.addEventListener('submit', (event) => event.preventDefault());
    const sent = install(win);
    expect(sent).toEqual([{ zairyu: 1, type: 'ready', status: 200, url: 'http://127.0.0.1:5000/inquiry' }]);
    fromKiosk(win, { zairyu: 1, type: 'fill', ...REQUEST });
    expect(sent.at(-1)).toEqual({ zairyu: 1, type: 'fill-result', form: 'filled', missing: [] });
    (win.document.getElementById('number') as HTMLInputElement).value = '';
    fromKiosk(win, { zairyu: 1, type: 'fill', ...REQUEST });
    expect((win.document.getElementById('number') as HTMLInputElement).value).toBe('');
  });

  it('tells the kiosk page that the person is active in the page (at most once a second)', () => {
    const win = page(FORM);
    const sent = install(win);
    click(win, 'inside');
    click(win, 'inside');
    expect(sent.filter((message) => message.type === 'activity')).toHaveLength(0); // clicks are not pointerdown
    const down = () => win.dispatchEvent(new (win as unknown as { Event: typeof Event }).Event('pointerdown'));
    down();
    down();
    expect(sent.filter((message) => message.type === 'activity')).toHaveLength(1);
  });

  it('ignores messages from any other origin', () => {
    const win = page(FORM);
    const sent = install(win);
    fromKiosk(win, { zairyu: 1, type: 'fill', ...REQUEST }, 'http://127.0.0.1:9999');
    fromKiosk(win, { zairyu: 1, type: 'fill', ...REQUEST }, 'https://elsewhere.example');
    expect(sent).toHaveLength(1);
    expect((win.document.getElementById('number') as HTMLInputElement).value).toBe('');
  });

  it('stops links to other origins and reports them; same-origin links are left alone', () => {
    const win = page(FORM);
    const sent = install(win);
    expect(click(win, 'away').defaultPrevented).toBe(true);
    expect(sent.at(-1)).toEqual({ zairyu: 1, type: 'blocked', origin: 'https://elsewhere.example' });
    win.document.getElementById('inside')!.addEventListener('click', (event) => event.preventDefault());
    click(win, 'inside');
    expect(sent.filter((message) => message.type === 'blocked')).toHaveLength(1);
  });

  it('stops forms that post to other origins', () => {
    const win = page('<form id="g" action="https://elsewhere.example/post"><button>go</button></form>');
    const sent = install(win);
    const submit = new (win as unknown as { Event: typeof Event }).Event('submit', { bubbles: true, cancelable: true });
    win.document.getElementById('g')!.dispatchEvent(submit);
    expect(submit.defaultPrevented).toBe(true);
    expect(sent.at(-1)).toEqual({ zairyu: 1, type: 'blocked', origin: 'https://elsewhere.example' });
  });

  it("reports the proxy's blocked and unreachable pages", () => {
    expect(install(page(''), 'blocked', 'https://elsewhere.example')).toEqual([{ zairyu: 1, type: 'blocked', origin: 'https://elsewhere.example' }]);
    expect(install(page(''), 'error', 'unreachable')).toEqual([{ zairyu: 1, type: 'failed', reason: 'unreachable' }]);
  });

  it('is served as one self-contained script', () => {
    const script = fillAgentScript({ kioskOrigin: KIOSK, status: 200, kind: 'page', detail: '' });
    expect(() => new Function(script)).not.toThrow();
  });
});
