/**
 * The NW.js manifest (package.json of the app folder, dist/nw/package.json), built from the project's own
 * package.json by scripts/build-nw.mjs, and the checks it must pass: the fields NW.js reads (docs.nwjs.io,
 * "Manifest Format") with their types, and the kiosk's own requirements.
 */

/** Chromium switches: no pinch zoom, no swipe/overscroll back and forward navigation. */
export const KIOSK_CHROMIUM_ARGS = ['--disable-pinch', '--overscroll-history-navigation=0', '--disable-features=TouchpadOverscrollHistoryNavigation'] as const;

export const NW_APP_ICON = 'icons/zairyu-kiosk.png';
export const NW_APP_TITLE = '在留カード等読取アプリケーション';

export interface NwManifestWindow {
  readonly title: string;
  readonly icon: string;
  readonly kiosk: boolean;
  readonly fullscreen: boolean;
  readonly frame: boolean;
  readonly resizable: boolean;
  readonly always_on_top: boolean;
  readonly show_in_taskbar: boolean;
  readonly show: boolean;
}

export interface NwManifest {
  readonly name: string;
  readonly version: string;
  readonly description?: string;
  readonly license?: string;
  readonly main: string;
  readonly nodejs: boolean;
  readonly 'chromium-args': string;
  readonly window: NwManifestWindow;
  readonly webkit: { readonly double_tap_to_zoom_enabled: boolean };
}

export interface ProjectPackage {
  readonly name: string;
  readonly version: string;
  readonly description?: string;
  readonly license?: string;
}

export function nwManifest(project: ProjectPackage): NwManifest {
  return {
    // NW.js keeps the app's data under this name (nw.App.dataPath): lower-case, no spaces.
    name: project.name,
    version: project.version,
    ...(project.description ? { description: project.description } : {}),
    ...(project.license ? { license: project.license } : {}),
    main: 'index.html',
    nodejs: true,
    'chromium-args': KIOSK_CHROMIUM_ARGS.join(' '),
    window: {
      title: NW_APP_TITLE,
      icon: NW_APP_ICON,
      kiosk: true,
      fullscreen: true,
      frame: false,
      resizable: false,
      always_on_top: true,
      show_in_taskbar: false,
      show: true,
    },
    webkit: { double_tap_to_zoom_enabled: false },
  };
}

type FieldType = 'string' | 'boolean' | 'integer' | 'object' | 'string|array';

/** Top-level fields NW.js (0.13 and later) reads, and their types. */
const TOP_LEVEL: Readonly<Record<string, FieldType>> = {
  main: 'string',
  name: 'string',
  product_string: 'string',
  nodejs: 'boolean',
  'node-main': 'string',
  domain: 'string',
  'bg-script': 'string',
  window: 'object',
  webkit: 'object',
  'user-agent': 'string',
  'node-remote': 'string|array',
  'chromium-args': 'string',
  crash_report_url: 'string',
  'js-flags': 'string',
  inject_js_start: 'string',
  inject_js_end: 'string',
  additional_trust_anchors: 'string|array',
  dom_storage_quota: 'integer',
};

/** Fields deprecated since NW.js 0.13 (ignored or always one value): a manifest relying on them is wrong. */
const DEPRECATED = ['single-instance', 'no-edit-menu', 'snapshot'];

/** `window` subfields and their types. */
const WINDOW_FIELDS: Readonly<Record<string, FieldType>> = {
  id: 'string',
  title: 'string',
  width: 'integer',
  height: 'integer',
  icon: 'string',
  position: 'string',
  min_width: 'integer',
  min_height: 'integer',
  max_width: 'integer',
  max_height: 'integer',
  as_desktop: 'boolean',
  resizable: 'boolean',
  always_on_top: 'boolean',
  visible_on_all_workspaces: 'boolean',
  fullscreen: 'boolean',
  show_in_taskbar: 'boolean',
  frame: 'boolean',
  show: 'boolean',
  kiosk: 'boolean',
  transparent: 'boolean',
};
/** 0.12 spellings renamed in 0.13 (NW.js silently ignores the old ones). */
const RENAMED_WINDOW_FIELDS: Readonly<Record<string, string>> = {
  'always-on-top': 'always_on_top',
  'visible-on-all-workspaces': 'visible_on_all_workspaces',
  toolbar: '(removed in 0.13)',
};
const WEBKIT_FIELDS: Readonly<Record<string, FieldType>> = { double_tap_to_zoom_enabled: 'boolean', plugin: 'boolean' };

function hasType(value: unknown, type: FieldType): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return Number.isInteger(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'string|array':
      return typeof value === 'string' || (Array.isArray(value) && value.every((item) => typeof item === 'string'));
  }
}

/** What NW.js requires of a manifest: `main` and a valid `name`, known fields with the right types. */
export function nwManifestProblems(manifest: unknown): string[] {
  if (!hasType(manifest, 'object')) return ['the manifest must be a JSON object'];
  const fields = manifest as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof fields.main !== 'string' || fields.main === '') problems.push('"main" is required');
  if (typeof fields.name !== 'string' || !/^[a-z0-9][a-z0-9._-]*$/.test(fields.name)) {
    problems.push('"name" is required: lower-case letters, digits, ".", "_" or "-", no spaces');
  }
  for (const [key, value] of Object.entries(fields)) {
    const type = TOP_LEVEL[key];
    if (type && !hasType(value, type)) problems.push(`"${key}" must be ${type}`);
    if (DEPRECATED.includes(key)) problems.push(`"${key}" is deprecated since NW.js 0.13`);
  }
  const checkObject = (name: string, value: unknown, known: Readonly<Record<string, FieldType>>, renamed: Readonly<Record<string, string>> = {}) => {
    if (value === undefined || !hasType(value, 'object')) return;
    for (const [key, fieldValue] of Object.entries(value as Record<string, unknown>)) {
      const type = known[key];
      if (renamed[key]) problems.push(`"${name}.${key}" is not read by NW.js 0.13+: ${renamed[key]}`);
      else if (!type) problems.push(`"${name}.${key}" is not a ${name} field NW.js knows`);
      else if (!hasType(fieldValue, type)) problems.push(`"${name}.${key}" must be ${type}`);
    }
  };
  checkObject('window', fields.window, WINDOW_FIELDS, RENAMED_WINDOW_FIELDS);
  checkObject('webkit', fields.webkit, WEBKIT_FIELDS);
  const position = (fields.window as Record<string, unknown> | undefined)?.position;
  if (position !== undefined && position !== null && position !== 'center' && position !== 'mouse') {
    problems.push('"window.position" must be null, "center" or "mouse"');
  }
  return problems;
}

/** The kiosk's own requirements on top of NW.js's. */
export function kioskManifestProblems(manifest: unknown): string[] {
  const problems = nwManifestProblems(manifest);
  if (problems.length > 0) return problems;
  const fields = manifest as Record<string, unknown>;
  const window = (fields.window ?? {}) as Record<string, unknown>;
  const expected: Record<string, boolean> = { kiosk: true, fullscreen: true, frame: false, resizable: false, always_on_top: true, show_in_taskbar: false };
  for (const [key, value] of Object.entries(expected)) {
    if (window[key] !== value) problems.push(`"window.${key}" must be ${value} for the kiosk`);
  }
  const args = typeof fields['chromium-args'] === 'string' ? fields['chromium-args'].split(/\s+/) : [];
  for (const arg of KIOSK_CHROMIUM_ARGS) if (!args.includes(arg)) problems.push(`"chromium-args" must contain ${arg}`);
  if (args.some((arg) => arg.startsWith('--remote-debugging'))) problems.push('"chromium-args" must not open a remote debugging port');
  if (args.some((arg) => arg === '--mixed-context')) problems.push('"chromium-args": --mixed-context is not supported by the kiosk bundle');
  if (fields['node-remote'] !== undefined) problems.push('"node-remote" must not be set: no remote page may reach Node');
  if (fields.nodejs === false) problems.push('"nodejs" must not be false: the kiosk reads cards through Node');
  return problems;
}
