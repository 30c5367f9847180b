/**
 * Reads a built extension folder: which files the manifest, the pages and the scripts refer to,
 * which of those are missing, and which emitted files nothing refers to. Shared by the manifest
 * lint and the packaging script.
 *
 * @crxjs emits an ES-module copy of each `?script&iife` content script (and its chunks) next to
 * the IIFE that is actually registered; nothing loads those copies.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, posix, relative, sep } from 'node:path';

export interface BuildManifest {
  manifest_version?: number;
  default_locale?: string;
  icons?: Record<string, string>;
  action?: { default_popup?: string; default_icon?: Record<string, string> | string };
  options_ui?: { page?: string };
  options_page?: string;
  background?: { service_worker?: string; scripts?: string[]; type?: string };
  content_scripts?: { js?: string[]; css?: string[] }[];
  web_accessible_resources?: unknown;
  host_permissions?: string[];
  optional_host_permissions?: string[];
  permissions?: string[];
  browser_specific_settings?: {
    gecko?: {
      id?: string;
      strict_min_version?: string;
      data_collection_permissions?: { required?: string[] };
    };
  };
  [key: string]: unknown;
}

export interface Reference {
  /** The file that refers (build-relative, `/`-separated); `manifest.json` for the manifest. */
  readonly from: string;
  /** As written. */
  readonly target: string;
  /** Build-relative path it resolves to, or null for a remote URL or a bare module name. */
  readonly path: string | null;
}

const TEXT_FILE = /\.(?:js|mjs|html|css|json)$/;

export function readManifest(buildDir: string): BuildManifest {
  return JSON.parse(readFileSync(join(buildDir, 'manifest.json'), 'utf8')) as BuildManifest;
}

/** Every file of the build, build-relative with `/` separators, sorted. */
export function listFiles(buildDir: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else files.push(relative(buildDir, full).split(sep).join('/'));
    }
  };
  walk(buildDir);
  return files.sort();
}

/** The files the manifest names (pages, scripts, icons). */
export function manifestReferences(manifest: BuildManifest): Reference[] {
  const targets: string[] = [
    ...Object.values(manifest.icons ?? {}),
    ...(typeof manifest.action?.default_icon === 'string'
      ? [manifest.action.default_icon]
      : Object.values(manifest.action?.default_icon ?? {})),
    manifest.action?.default_popup,
    manifest.options_ui?.page,
    manifest.options_page,
    manifest.background?.service_worker,
    ...(manifest.background?.scripts ?? []),
    ...(manifest.content_scripts ?? []).flatMap((script) => [
      ...(script.js ?? []),
      ...(script.css ?? []),
    ]),
  ].filter((target): target is string => typeof target === 'string');
  return targets.map((target) => ({ from: 'manifest.json', target, path: resolveIn('', target) }));
}

/** The files an HTML page or a script refers to: src/href, imports, and extension-root paths. */
export function fileReferences(file: string, text: string): Reference[] {
  const targets = new Set<string>();
  if (file.endsWith('.html')) {
    for (const match of text.matchAll(/\b(?:src|href)\s*=\s*["']([^"'#?]+)/g)) {
      targets.add(match[1] ?? '');
    }
  }
  if (/\.m?js$/.test(file)) {
    // `…from"./x.js"`, `import"./x.js"`, `import("./x.js")`; a call such as Array.from("…") has
    // a parenthesis before its quote and does not match.
    const imports = [
      /\bfrom\s*["']([^"']+)["']/g,
      /\bimport\s*["']([^"']+)["']/g,
      /\bimport\s*\(\s*["'`]([^"'`]+)["'`]\s*\)/g,
    ];
    for (const pattern of imports) {
      for (const match of text.matchAll(pattern)) targets.add(match[1] ?? '');
    }
    // Paths handed to extension APIs (scripting.registerContentScripts, runtime.getURL…).
    for (const match of text.matchAll(
      /["'`]((?:src|assets)\/[\w./-]+\.(?:js|css|html|png|json))["'`]/g,
    )) {
      targets.add(`/${match[1] ?? ''}`);
    }
  }
  return [...targets]
    .filter((target) => target !== '')
    .map((target) => ({ from: file, target, path: resolveIn(dirname(file), target) }));
}

/** Build-relative path of `target` as seen from `fromDir`; null for remote URLs and bare names. */
function resolveIn(fromDir: string, target: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return null;
  if (target.startsWith('/')) return posix.normalize(target.slice(1));
  if (target.startsWith('./') || target.startsWith('../') || fromDir === '') {
    const path = posix.normalize(posix.join(fromDir === '.' ? '' : fromDir, target));
    return path.startsWith('..') ? null : path;
  }
  // A bare module name (`import "preact"`) cannot load in an extension.
  return null;
}

export interface BuildGraph {
  readonly files: readonly string[];
  readonly references: readonly Reference[];
  /** References to a file that is not in the build, or that cannot resolve to one. */
  readonly broken: readonly Reference[];
  /** Files reached from the manifest (plus the manifest and the locales). */
  readonly reachable: ReadonlySet<string>;
  /** Files nothing reaches: safe to leave out of a package. */
  readonly unreferenced: readonly string[];
}

/**
 * Walks the build from the manifest. To stay on the safe side, a file also counts as reached when
 * its name merely appears in a reached text file, even where no reference pattern matched.
 */
export function buildGraph(buildDir: string): BuildGraph {
  const files = listFiles(buildDir);
  const present = new Set(files);
  const manifest = readManifest(buildDir);
  const references: Reference[] = [];
  const reachable = new Set(
    files.filter((file) => file === 'manifest.json' || file.startsWith('_locales/')),
  );
  const queue: string[] = [];
  const reach = (path: string | null) => {
    if (path !== null && present.has(path) && !reachable.has(path)) {
      reachable.add(path);
      queue.push(path);
    }
  };
  for (const reference of manifestReferences(manifest)) {
    references.push(reference);
    reach(reference.path);
  }
  while (queue.length > 0) {
    const file = queue.shift() ?? '';
    if (!TEXT_FILE.test(file)) continue;
    const text = readFileSync(join(buildDir, file), 'utf8');
    for (const reference of fileReferences(file, text)) {
      references.push(reference);
      reach(reference.path);
    }
    for (const other of files) {
      if (!reachable.has(other) && text.includes(basename(other))) reach(other);
    }
  }
  const broken = references.filter(
    (reference) => reference.path === null || !present.has(reference.path),
  );
  return {
    files,
    references,
    broken,
    reachable,
    unreferenced: files.filter((file) => !reachable.has(file)),
  };
}

/** Width and height of a PNG file, or null when it is not one. */
export function pngSize(path: string): { width: number; height: number } | null {
  if (!existsSync(path)) return null;
  const bytes = readFileSync(path);
  const signature = '89504e470d0a1a0a';
  if (bytes.length < 24 || bytes.subarray(0, 8).toString('hex') !== signature) return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}
