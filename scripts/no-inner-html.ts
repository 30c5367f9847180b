/**
 * Build step: takes Preact's `dangerouslySetInnerHTML` support out of the bundles.
 *
 * Preact's renderer contains the extension's only `innerHTML` assignment (for that prop), and
 * addons.mozilla.org's linter reports it as UNSAFE_VAR_ASSIGNMENT in every bundle that carries
 * Preact. This extension never renders raw HTML, so the branch is replaced by one that throws:
 * the capability is gone, not hidden from the linter.
 *
 * It works on the output because @crxjs builds the `?script&iife` content scripts in a separate
 * Vite build without our plugins; their code reaches this bundle as assets in generateBundle.
 */
import type { Plugin } from 'vite';

/** Preact's `dom.innerHTML = newHtml.__html`, minified (preact/src/diff/index.js). */
const PREACT_INNER_HTML = /\b[\w$]+\.innerHTML=[\w$]+\.__html\b/g;
/** Marks a file that carries Preact's renderer. */
const PREACT_MARKER = '`dangerouslySetInnerHTML`';
const PREACT_MARKER_QUOTED = '"dangerouslySetInnerHTML"';
const REFUSAL =
  '(()=>{throw new Error("HAProxy Reload Guard: dangerouslySetInnerHTML is not supported")})()';

/** The code with the assignment replaced; throws when Preact's renderer is there but unmatched. */
export function withoutPreactInnerHtml(fileName: string, code: string): string {
  if (!code.includes(PREACT_MARKER) && !code.includes(PREACT_MARKER_QUOTED)) return code;
  let replaced = 0;
  const result = code.replace(PREACT_INNER_HTML, () => {
    replaced += 1;
    return REFUSAL;
  });
  if (replaced !== 1) {
    throw new Error(
      `${fileName}: expected Preact's one innerHTML assignment, found ${String(replaced)}; ` +
        'Preact changed, update scripts/no-inner-html.ts',
    );
  }
  return result;
}

export function noInnerHtml(): Plugin {
  return {
    name: 'hrg:no-inner-html',
    apply: 'build',
    // After @crxjs's IIFE step (also `post`, and listed earlier), which emits those scripts.
    enforce: 'post',
    generateBundle(_options, bundle) {
      for (const output of Object.values(bundle)) {
        if (!output.fileName.endsWith('.js')) continue;
        if (output.type === 'chunk') {
          output.code = withoutPreactInnerHtml(output.fileName, output.code);
        } else {
          const source =
            typeof output.source === 'string'
              ? output.source
              : new TextDecoder().decode(output.source);
          output.source = withoutPreactInnerHtml(output.fileName, source);
        }
      }
    },
  };
}
