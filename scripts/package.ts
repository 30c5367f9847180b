/**
 * `npm run package`: store-ready archives in dist/packages/, versioned from package.json:
 *
 * - haproxy-reload-guard-chrome-<version>.zip   for the Chrome Web Store
 * - haproxy-reload-guard-firefox-<version>.zip  for addons.mozilla.org (made by `web-ext build`)
 * - haproxy-reload-guard-sources-<version>.zip  `git archive HEAD` plus BUILD.md, which AMO asks
 *   for because the code is bundled and minified
 *
 * Both extensions are built from the sources archive itself (extracted to a temporary folder,
 * sharing this checkout's node_modules), so the packages are exactly what a reviewer rebuilds
 * from it; uncommitted changes are never packaged. Files the bundler emits but nothing loads are
 * left out, and each staged package is linted again before it is zipped.
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
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
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

/** A zip of the given build-relative files, in a fixed order and with a fixed date. */
function zipFiles(dir: string, files: readonly string[], mtime: Date): Uint8Array {
  const entries: Zippable = {};
  for (const file of [...files].sort()) {
    entries[file] = [readFileSync(join(dir, file)), { mtime }];
  }
  return zipSync(entries, { level: 9 });
}

function buildMd(input: {
  version: string;
  commit: string;
  committedAt: string;
  leftOut: Readonly<Record<string, readonly string[]>>;
}): string {
  const leftOut = Object.entries(input.leftOut)
    .map(
      ([target, files]) =>
        `- dist/${target}: ${files.length === 0 ? 'nothing' : files.map((file) => `\`${file}\``).join(', ')}`,
    )
    .join('\n');
  return `# Building HAProxy Reload Guard ${input.version}

These are the complete sources of the add-on (\`git archive\` of commit ${input.commit},
${input.committedAt}). The add-on's code is TypeScript and Preact, bundled and minified by Vite 8
with @crxjs/vite-plugin; nothing is generated or downloaded during the build except the npm
packages pinned in \`package-lock.json\`.

## Environment

- Debian 12 (bookworm), amd64
- Node.js 20 (20.19 or later) with the npm it ships (10.x)

## Commands

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

\`npm run package\` repeats all of this: it builds both extensions from this archive, leaves those
files out, runs \`web-ext lint\` on the result and writes the three archives to \`dist/packages\`.
`;
}

function main(): void {
  const packageJson = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
  const { version } = packageJson;
  const commit = git('rev-parse', 'HEAD');
  const committedAt = git('show', '-s', '--format=%cI', 'HEAD');
  const mtime = new Date(committedAt);
  const dirty = uncommittedInputs();
  if (dirty.length > 0) {
    console.warn(`Not packaged (uncommitted): ${dirty.join(', ')}`);
  }

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
    mkdirSync(OUT_DIR, { recursive: true });
    const leftOut: Record<string, string[]> = {};
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
      const archive = join(OUT_DIR, `${NAME}-${target}-${version}.zip`);
      if (target === 'chrome') {
        writeFileSync(archive, zipFiles(stage, [...graph.reachable], mtime));
      } else {
        const webExt = join(
          dirname(fileURLToPath(import.meta.resolve('web-ext'))),
          'bin',
          'web-ext.js',
        );
        run(
          process.execPath,
          [
            webExt,
            'build',
            '--source-dir',
            stage,
            '--artifacts-dir',
            OUT_DIR,
            '--filename',
            `${NAME}-firefox-${version}.zip`,
            '--overwrite-dest',
            '--no-config-discovery',
          ],
          { env: { ...process.env, NO_UPDATE_NOTIFIER: '1' } },
        );
      }
      written.push(archive);
    }

    // 4. The sources archive, with the build instructions.
    const sourcesArchive = join(OUT_DIR, `${NAME}-sources-${version}.zip`);
    const withInstructions: Zippable = {};
    for (const [path, bytes] of Object.entries(sources)) {
      if (!path.endsWith('/')) withInstructions[path] = [bytes, { mtime }];
    }
    withInstructions['BUILD.md'] = [
      new TextEncoder().encode(buildMd({ version, commit, committedAt, leftOut })),
      { mtime },
    ];
    writeFileSync(sourcesArchive, zipSync(withInstructions, { level: 9 }));
    written.push(sourcesArchive);

    console.log(`Packaged ${NAME} ${version} from ${commit.slice(0, 12)}:`);
    for (const archive of written) {
      const kib = (statSync(archive).size / 1024).toFixed(1);
      console.log(`  ${archive}  ${kib} KiB  sha256 ${sha256(archive)}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
