/**
 * `npm run package`: store-ready archives in dist/packages/, versioned from package.json:
 *
 * - haproxy-reload-guard-chrome-<version>.zip   for the Chrome Web Store
 * - haproxy-reload-guard-firefox-<version>.zip  for addons.mozilla.org
 * - haproxy-reload-guard-sources-<version>.zip  `git archive HEAD` plus BUILD.md, which AMO asks
 *   for because the code is bundled and minified
 *
 * Both extensions are built from the sources archive itself (extracted to a temporary folder,
 * sharing this checkout's node_modules), so the packages are exactly what a reviewer rebuilds
 * from it; uncommitted changes are never packaged. Files the bundler emits but nothing loads are
 * left out, and each staged package is linted again before it is zipped.
 *
 * The archives are reproducible: every zip is written here (not by `web-ext build`, which takes
 * each file's date from the disk), its entries sorted by path and dated with the commit's time.
 * `npm run package -- --check` packages twice, into two temporary folders, and fails unless the
 * two runs wrote byte-identical archives.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { arch, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { buildGraph } from './build-files.ts';
import { checkChrome, checkFirefox, webExtLint } from './lint-manifests.ts';

const NAME = 'haproxy-reload-guard';
const OUT_DIR = resolve('dist/packages');

function run(command: string, args: readonly string[], options: SpawnSyncOptions = {}): Buffer {
  const result = spawnSync(command, args, { maxBuffer: 256 * 1024 * 1024, ...options });
  if (result.status !== 0) {
    const stderr = Buffer.isBuffer(result.stderr) ? result.stderr.toString('utf8') : '';
    throw new Error(`${command} ${args.join(' ')} failed (${String(result.status)}): ${stderr}`);
  }
  // No encoding is passed, so stdout is a Buffer, or null when it was not piped.
  return Buffer.isBuffer(result.stdout) ? result.stdout : Buffer.alloc(0);
}

const git = (...args: string[]) => run('git', args).toString('utf8').trim();

/** Build inputs with uncommitted changes: they are not in the packages, say so. */
function uncommittedInputs(): string[] {
  const inputs =
    /^(?:src\/|public\/|scripts\/|manifest\.json|vite\.config\.ts|package(?:-lock)?\.json|tsconfig\.json)/;
  return git('status', '--porcelain')
    .split('\n')
    .map((line) => line.slice(3))
    .filter((path) => inputs.test(path));
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/**
 * The date every zip entry carries. A zip entry's date has no time zone, and fflate writes the
 * local wall-clock fields of the Date it is given: a Date whose local fields are the commit's UTC
 * fields makes the bytes the same in every time zone.
 */
function zipDate(isoTime: string): Date {
  const utc = new Date(isoTime);
  return new Date(
    utc.getUTCFullYear(),
    utc.getUTCMonth(),
    utc.getUTCDate(),
    utc.getUTCHours(),
    utc.getUTCMinutes(),
    utc.getUTCSeconds(),
  );
}

/** A zip of the given entries, sorted by path, each with the same date. */
function zipEntries(entries: ReadonlyMap<string, Uint8Array>, mtime: Date): Uint8Array {
  const sorted: Zippable = {};
  for (const path of [...entries.keys()].sort()) {
    const bytes = entries.get(path);
    if (bytes) sorted[path] = [bytes, { mtime }];
  }
  return zipSync(sorted, { level: 9 });
}

/** A zip of the given build-relative files. */
function zipFiles(dir: string, files: readonly string[], mtime: Date): Uint8Array {
  return zipEntries(new Map(files.map((file) => [file, readFileSync(join(dir, file))])), mtime);
}

/** What BUILD.md says the archives were made with: the same tools rebuild the same bytes. */
interface Environment {
  readonly os: string;
  readonly node: string;
  readonly npm: string;
}

function currentEnvironment(): Environment {
  let os = `${process.platform} ${arch()}`;
  try {
    const release = readFileSync('/etc/os-release', 'utf8');
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(release)?.[1];
    if (pretty) os = `${pretty}, ${arch()}`;
  } catch {
    // Not Linux: the platform and architecture say enough.
  }
  const npm = run('npm', ['--version'], { env: { ...process.env, NO_UPDATE_NOTIFIER: '1' } })
    .toString('utf8')
    .trim();
  return { os, node: process.version, npm };
}

function buildMd(input: {
  version: string;
  commit: string;
  committedAt: string;
  environment: Environment;
  leftOut: Readonly<Record<string, readonly string[]>>;
  packaged: Readonly<Record<string, readonly (readonly [string, string])[]>>;
}): string {
  const leftOut = Object.entries(input.leftOut)
    .map(
      ([target, files]) =>
        `- dist/${target}: ${files.length === 0 ? 'nothing' : files.map((file) => `\`${file}\``).join(', ')}`,
    )
    .join('\n');
  const firefoxFiles = (input.packaged['firefox'] ?? [])
    .map(([file, hash]) => `| \`${file}\` | \`${hash}\` |`)
    .join('\n');
  return `# Building HAProxy Reload Guard ${input.version}

These are the complete sources of the add-on (\`git archive\` of commit ${input.commit},
${input.committedAt}). The add-on's code is TypeScript and Preact, bundled and minified by Vite 8
with @crxjs/vite-plugin; nothing is generated or downloaded during the build except the npm
packages pinned in \`package-lock.json\`.

## Environment

These archives were made with:

- ${input.environment.os}
- Node.js ${input.environment.node}
- npm ${input.environment.npm}

Any Linux on amd64 with Node.js 20.19 or later and its npm builds the same files; the versions
above are the ones known to. No other tool is needed (no browser, no network access beyond the
npm registry for \`npm ci\`).

## Commands

From the folder this archive was extracted to:

\`\`\`sh
npm ci
npm run build:firefox
\`\`\`

The Firefox add-on is then in \`dist/firefox\`. (\`npm run build:chrome\` builds the Chrome
extension into \`dist/chrome\`.)

## Comparing with the submitted package

The package holds every file of \`dist/firefox\` except files the bundler emits but nothing loads
(an ES-module copy of each content script next to the self-contained one the add-on registers):

${leftOut}

Each file of the submitted Firefox package, with its SHA-256 (\`sha256sum\` of the same file in
\`dist/firefox\` prints the same):

| file | sha256 |
| ---- | ------ |
${firefoxFiles}

\`npm run package\` repeats all of this: it builds both extensions from this archive, leaves those
files out, runs \`web-ext lint\` on the result and writes the three archives to \`dist/packages\`
(with \`git\` available and the folder a git checkout of commit ${input.commit.slice(0, 12)}).
The zips list their files sorted by path and date every file ${input.committedAt}, so two runs
write byte-identical archives; \`npm run package -- --check\` proves it.
`;
}

/** Builds and writes the three archives into `outDir`; returns their paths. */
function packageInto(outDir: string): string[] {
  const packageJson = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
  const { version } = packageJson;
  const commit = git('rev-parse', 'HEAD');
  const committedAt = git('show', '-s', '--format=%cI', 'HEAD');
  const mtime = zipDate(committedAt);
  const environment = currentEnvironment();

  const work = mkdtempSync(join(tmpdir(), 'hrg-package-'));
  try {
    // 1. The sources, exactly as committed.
    const sources = unzipSync(run('git', ['archive', '--format=zip', commit]));
    const sourceDir = join(work, 'sources');
    for (const [path, bytes] of Object.entries(sources)) {
      if (path.endsWith('/')) continue;
      mkdirSync(dirname(join(sourceDir, path)), { recursive: true });
      writeFileSync(join(sourceDir, path), bytes);
    }

    // 2. Both builds from those sources (node_modules shared: same lockfile, no download).
    symlinkSync(resolve('node_modules'), join(sourceDir, 'node_modules'), 'dir');
    const vite = join(resolve('node_modules'), 'vite', 'bin', 'vite.js');
    for (const mode of ['chrome', 'firefox']) {
      run(process.execPath, [vite, 'build', '--mode', mode, '--logLevel', 'error'], {
        cwd: sourceDir,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
    }

    // 3. Stage only what is loaded, check the staged copy, zip it.
    mkdirSync(outDir, { recursive: true });
    const leftOut: Record<string, string[]> = {};
    const packaged: Record<string, (readonly [string, string])[]> = {};
    const written: string[] = [];
    for (const target of ['chrome', 'firefox'] as const) {
      const built = join(sourceDir, 'dist', target);
      const graph = buildGraph(built);
      leftOut[target] = [...graph.unreferenced];
      const stage = join(work, 'stage', target);
      for (const file of graph.reachable) {
        mkdirSync(dirname(join(stage, file)), { recursive: true });
        cpSync(join(built, file), join(stage, file));
      }
      const problems =
        target === 'chrome' ? checkChrome(stage) : [...webExtLint(stage), ...checkFirefox(stage)];
      if (problems.length > 0) {
        throw new Error(`the staged ${target} package has problems:\n${problems.join('\n')}`);
      }
      const files = [...graph.reachable].sort();
      packaged[target] = files.map(
        (file) =>
          [
            file,
            createHash('sha256')
              .update(readFileSync(join(stage, file)))
              .digest('hex'),
          ] as const,
      );
      const archive = join(outDir, `${NAME}-${target}-${version}.zip`);
      writeFileSync(archive, zipFiles(stage, files, mtime));
      written.push(archive);
    }

    // 4. The sources archive, with the build instructions.
    const sourcesArchive = join(outDir, `${NAME}-sources-${version}.zip`);
    const withInstructions = new Map<string, Uint8Array>();
    for (const [path, bytes] of Object.entries(sources)) {
      if (!path.endsWith('/')) withInstructions.set(path, bytes);
    }
    withInstructions.set(
      'BUILD.md',
      new TextEncoder().encode(
        buildMd({ version, commit, committedAt, environment, leftOut, packaged }),
      ),
    );
    writeFileSync(sourcesArchive, zipEntries(withInstructions, mtime));
    written.push(sourcesArchive);

    console.log(`Packaged ${NAME} ${version} from ${commit.slice(0, 12)}:`);
    for (const archive of written) {
      const kib = (statSync(archive).size / 1024).toFixed(1);
      console.log(`  ${archive}  ${kib} KiB  sha256 ${sha256(archive)}`);
    }
    return written;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Packages twice and compares: any byte that differs between the runs is a failure. */
function checkReproducible(): void {
  const first = mkdtempSync(join(tmpdir(), 'hrg-package-check-a-'));
  const second = mkdtempSync(join(tmpdir(), 'hrg-package-check-b-'));
  try {
    const archives = packageInto(first);
    packageInto(second);
    const differing = archives
      .map((archive) => basename(archive))
      .filter((name) => sha256(join(first, name)) !== sha256(join(second, name)));
    if (differing.length > 0) {
      console.error(`Not reproducible: two runs wrote different ${differing.join(', ')}`);
      process.exitCode = 1;
      return;
    }
    console.log(`Reproducible: two runs wrote byte-identical ${String(archives.length)} archives.`);
  } finally {
    rmSync(first, { recursive: true, force: true });
    rmSync(second, { recursive: true, force: true });
  }
}

const dirty = uncommittedInputs();
if (dirty.length > 0) {
  console.warn(`Not packaged (uncommitted): ${dirty.join(', ')}`);
}
if (process.argv.includes('--check')) checkReproducible();
else packageInto(OUT_DIR);
