/**
 * `npm run lint:manifests`: checks the built extensions the way the stores will.
 *
 * - dist/firefox: Mozilla's own linter (`web-ext lint`, the addons-linter AMO runs on upload),
 *   with warnings as errors and not one notice allowed; not `--self-hosted`, so AMO's own rules
 *   apply too. Then the structural checks below.
 * - dist/chrome: Chrome has no equivalent tool, so the structural checks below stand in for the
 *   Web Store's upload checks, plus what this extension promises (no host access at install,
 *   nothing web-accessible).
 *
 * Usage: `tsx scripts/lint-manifests.ts [--chrome <dir>] [--firefox <dir>]` (default: both dist/
 * folders). Exits 1 when anything is found.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildGraph, pngSize, readManifest, type BuildManifest } from './build-files.ts';

/** Only the two wildcards the options page and popup narrow down to one host at runtime. */
const ALLOWED_OPTIONAL_HOSTS = new Set(['https://*/*', 'http://*/*']);
/** The first Firefox that validates `data_collection_permissions` cleanly. */
const FIREFOX_MIN_VERSION = 142;

/** Problems every build must be free of, whichever the browser. */
export function checkCommon(buildDir: string, manifest: BuildManifest): string[] {
  const problems: string[] = [];
  if (manifest.manifest_version !== 3) problems.push('manifest_version must be 3');
  if (manifest.web_accessible_resources !== undefined) {
    problems.push('web_accessible_resources must be absent: any page could detect the extension');
  }
  if (manifest.host_permissions !== undefined && manifest.host_permissions.length > 0) {
    problems.push(
      `host_permissions must be absent (hosts are granted one by one at runtime): ${manifest.host_permissions.join(', ')}`,
    );
  }
  if (manifest.content_scripts !== undefined) {
    problems.push('content_scripts must be absent: scripts are registered per granted host');
  }
  for (const pattern of manifest.optional_host_permissions ?? []) {
    if (!ALLOWED_OPTIONAL_HOSTS.has(pattern)) {
      problems.push(`optional_host_permissions may only hold http/https wildcards, not ${pattern}`);
    }
  }

  const graph = buildGraph(buildDir);
  for (const reference of graph.broken) {
    problems.push(
      reference.path === null
        ? `${reference.from} refers to ${reference.target}, which cannot be part of the package (remote code or a bare module name)`
        : `${reference.from} refers to ${reference.target}, which is not in the build`,
    );
  }

  for (const [size, icon] of Object.entries(manifest.icons ?? {})) {
    const dimensions = pngSize(join(buildDir, icon));
    if (!dimensions) problems.push(`icon ${size}: ${icon} is missing or not a PNG`);
    else if (dimensions.width !== Number(size) || dimensions.height !== Number(size)) {
      problems.push(
        `icon ${size}: ${icon} is ${String(dimensions.width)}×${String(dimensions.height)}`,
      );
    }
  }
  if (!manifest.icons?.['128']) problems.push('a 128×128 icon is required by both stores');

  problems.push(...checkMessages(buildDir, manifest, graph.files));
  for (const file of graph.files.filter((name) => /\.m?js$/.test(name))) {
    // What AMO reports as UNSAFE_VAR_ASSIGNMENT; Chrome's review looks for the same.
    if (/\.(?:inner|outer)HTML\s*=(?!=)/.test(readFileSync(join(buildDir, file), 'utf8'))) {
      problems.push(`${file} assigns innerHTML/outerHTML`);
    }
  }
  return problems;
}

/** Every `__MSG_x__` the manifest and style sheets use exists in the default locale. */
function checkMessages(buildDir: string, manifest: BuildManifest, files: readonly string[]) {
  const problems: string[] = [];
  const locale = manifest.default_locale;
  const used = new Set<string>();
  const texts = [
    JSON.stringify(manifest),
    ...files
      .filter((file) => file.endsWith('.css'))
      .map((file) => readFileSync(join(buildDir, file), 'utf8')),
  ];
  for (const text of texts) {
    for (const match of text.matchAll(/__MSG_(\w+?)__/g)) used.add(match[1] ?? '');
  }
  if (locale === undefined) {
    if (used.size > 0) problems.push('__MSG_ placeholders are used but default_locale is not set');
    return problems;
  }
  const path = join(buildDir, '_locales', locale, 'messages.json');
  if (!existsSync(path)) return [`default_locale "${locale}" has no ${path}`];
  const messages = JSON.parse(readFileSync(path, 'utf8')) as Record<string, { message?: unknown }>;
  // Message names are case-insensitive in both browsers.
  const known = new Set(Object.keys(messages).map((name) => name.toLowerCase()));
  for (const name of used) {
    if (!known.has(name.toLowerCase())) problems.push(`__MSG_${name}__ is not in ${path}`);
  }
  return problems;
}

export function checkChrome(buildDir: string): string[] {
  const manifest = readManifest(buildDir);
  const problems = checkCommon(buildDir, manifest);
  const worker = manifest.background?.service_worker;
  if (worker === undefined) problems.push('background.service_worker is missing');
  if (manifest.background?.scripts !== undefined) {
    problems.push('background.scripts is Firefox-only; Chrome warns about it');
  }
  if (manifest.browser_specific_settings !== undefined) {
    problems.push('browser_specific_settings is Firefox-only; Chrome warns about it');
  }
  return problems;
}

export function checkFirefox(buildDir: string): string[] {
  const manifest = readManifest(buildDir);
  const problems = checkCommon(buildDir, manifest);
  if (manifest.background?.service_worker !== undefined) {
    problems.push('background.service_worker is not supported in Firefox; use background.scripts');
  }
  if ((manifest.background?.scripts ?? []).length === 0) {
    problems.push('background.scripts is missing');
  }
  const gecko = manifest.browser_specific_settings?.gecko;
  if (!gecko?.id) problems.push('browser_specific_settings.gecko.id is required for MV3');
  if (Number.parseFloat(gecko?.strict_min_version ?? '0') < FIREFOX_MIN_VERSION) {
    problems.push(`gecko.strict_min_version must be at least ${String(FIREFOX_MIN_VERSION)}.0`);
  }
  if (!gecko?.data_collection_permissions?.required?.length) {
    problems.push('gecko.data_collection_permissions.required must be declared (["none"])');
  }
  return problems;
}

interface WebExtLintReport {
  summary: { errors: number; warnings: number; notices: number };
  errors: WebExtMessage[];
  warnings: WebExtMessage[];
  notices: WebExtMessage[];
}
interface WebExtMessage {
  code: string;
  message: string;
  file?: string;
  line?: number;
}

/** Runs `web-ext lint` (addons-linter) and returns every error, warning and notice. */
export function webExtLint(buildDir: string): string[] {
  // The package exports only its API; its CLI sits next to the entry point.
  const bin = join(dirname(fileURLToPath(import.meta.resolve('web-ext'))), 'bin', 'web-ext.js');
  const result = spawnSync(
    process.execPath,
    [
      bin,
      'lint',
      '--source-dir',
      buildDir,
      '--warnings-as-errors',
      '--output',
      'json',
      '--no-config-discovery',
    ],
    { encoding: 'utf8', env: { ...process.env, NO_UPDATE_NOTIFIER: '1' } },
  );
  let report: WebExtLintReport;
  try {
    report = JSON.parse(result.stdout) as WebExtLintReport;
  } catch {
    return [`web-ext lint did not run: ${result.stderr || result.stdout}`.trim()];
  }
  return [...report.errors, ...report.warnings, ...report.notices].map(
    (entry) =>
      `web-ext ${entry.code}: ${entry.message}${entry.file ? ` (${entry.file}${entry.line ? `:${String(entry.line)}` : ''})` : ''}`,
  );
}

function main(): void {
  const { values } = parseArgs({
    options: { chrome: { type: 'string' }, firefox: { type: 'string' } },
  });
  const both = values.chrome === undefined && values.firefox === undefined;
  const targets: [string, string, (dir: string) => string[]][] = [];
  if (both || values.chrome !== undefined) {
    targets.push(['Chrome', values.chrome ?? 'dist/chrome', checkChrome]);
  }
  if (both || values.firefox !== undefined) {
    targets.push([
      'Firefox',
      values.firefox ?? 'dist/firefox',
      (dir) => [...webExtLint(dir), ...checkFirefox(dir)],
    ]);
  }
  let failed = false;
  for (const [name, dir, check] of targets) {
    if (!existsSync(join(dir, 'manifest.json'))) {
      console.error(`${name}: ${dir}/manifest.json not found; run npm run build first`);
      failed = true;
      continue;
    }
    const problems = check(dir);
    const { unreferenced } = buildGraph(dir);
    if (problems.length === 0) console.log(`${name} (${dir}): no problems`);
    for (const problem of problems) console.error(`${name} (${dir}): ${problem}`);
    if (unreferenced.length > 0) {
      console.log(
        `  emitted but never loaded (left out of the package): ${unreferenced.join(', ')}`,
      );
    }
    failed ||= problems.length > 0;
  }
  process.exitCode = failed ? 1 : 0;
}

// Run as a script, not when package.ts imports the checks.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main();
}
