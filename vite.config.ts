import { crx, type CrxPlugin } from '@crxjs/vite-plugin';
import { defineConfig } from 'vite';
import baseManifest from './manifest.json' with { type: 'json' };
import packageJson from './package.json' with { type: 'json' };
import { manifestFor, type BaseManifest, type BuildTarget } from './scripts/manifest-for.ts';
import { noInnerHtml } from './scripts/no-inner-html.ts';

const targets: readonly BuildTarget[] = ['chrome', 'firefox', 'chrome-e2e'];

/**
 * One source, one build per browser: `vite build --mode chrome|firefox|chrome-e2e`.
 * @crxjs emits a single background key per build, so each browser gets its own output folder.
 */
export default defineConfig(({ mode }) => {
  const target = targets.find((candidate) => candidate === mode);
  if (target === undefined) {
    throw new Error(`Unknown build mode "${mode}": use one of ${targets.join(', ')}`);
  }
  return {
    build: {
      outDir: `dist/${target}`,
      emptyOutDir: true,
      target: 'es2022',
      // Source maps would double the package size and leak nothing useful to users.
      sourcemap: false,
      rolldownOptions: {
        // Pages that no manifest key names. The offscreen document: only Chromium opens it (see
        // src/background/transport/index.ts); Firefox's build carries it too, so that both
        // builds come from the same background code. The welcome page, opened once on install
        // (src/background/permissions/first-run.ts).
        input: { offscreen: 'src/offscreen/index.html', welcome: 'src/welcome/index.html' },
        // File names without a content hash. @crxjs puts a hash of each `?script` import's
        // absolute path into the background chunk before that chunk's own hash is taken, so a
        // hashed name would differ between checkouts, and AMO's reviewers must rebuild the same
        // files from the sources. Nothing is served over HTTP, so no name needs cache-busting.
        output: { entryFileNames: 'assets/[name].js', chunkFileNames: 'assets/[name].js' },
      },
    },
    plugins: [
      crx({
        // JSON imports widen literals (manifest_version: number); the file is checked by the browsers' loaders and the manifest lint.
        manifest: manifestFor(target, baseManifest as BaseManifest, packageJson.version),
        browser: target === 'firefox' ? 'firefox' : 'chrome',
      }),
      {
        // Runs after @crxjs's own manifest step, which adds the entries.
        enforce: 'post',
        name: 'hrg:no-web-accessible-content-scripts',
        // @crxjs lists dynamically registered scripts as web-accessible on every site, which would
        // let any page detect the extension. Registered content scripts do not need it.
        renderCrxManifest(manifest) {
          delete manifest.web_accessible_resources;
          return manifest;
        },
      } satisfies CrxPlugin,
      noInnerHtml(),
    ],
  };
});
