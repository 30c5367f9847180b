/**
 * Reduces `export/diff` (a `diff -Naur` of the running HAProxy configuration against the one
 * OPNsense generated, docs/opnsense.md §8) to a count and the names of the sections it touches,
 * and says when a check reads it. The diff carries userlist passwords and certificate paths: no
 * line of it leaves this module, only the header words of section lines (`frontend web`).
 */
import type { CheckTrigger, ConfigChanges } from './model.ts';

/** HAProxy's section keywords (cfgparse.c and the section parsers registered beside it). */
const SECTION_KEYWORDS: ReadonlySet<string> = new Set([
  'global',
  'defaults',
  'frontend',
  'backend',
  'listen',
  'userlist',
  'peers',
  'resolvers',
  'mailers',
  'cache',
  'program',
  'http-errors',
  'ring',
  'fcgi-app',
  'crt-store',
  'log-forward',
  'traces',
]);

/** HAProxy's own rule for section names (`invalid_char`): anything else is not kept. */
const SECTION_NAME = /^[A-Za-z0-9_.:-]{1,64}$/;

/** Enough to say where the change is; a longer list says nothing more to the admin. */
const MAX_SECTIONS = 12;

const HUNK_HEADER = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/;

/**
 * The changes in a `diff -Naur` text, or null when there are none (the running file is the
 * generated one). Lines are counted by the hunk headers, so a configuration line that itself
 * starts with `--` or `++` is never taken for a file header.
 */
export function summariseConfigDiff(diff: string): ConfigChanges | null {
  let changedLines = 0;
  const sections: string[] = [];
  const note = (section: string | null): void => {
    if (section !== null && !sections.includes(section) && sections.length < MAX_SECTIONS) {
      sections.push(section);
    }
  };
  let oldLeft = 0;
  let newLeft = 0;
  // The section the diff's lines are in, once a section line was seen in the hunk; diff -u
  // gives three lines of context, so a change deep inside a section may stay unplaced.
  let section: string | null = null;
  for (const line of diff.split('\n')) {
    if (oldLeft <= 0 && newLeft <= 0) {
      const hunk = HUNK_HEADER.exec(line);
      if (hunk) {
        oldLeft = Number(hunk[1] ?? '1');
        newLeft = Number(hunk[2] ?? '1');
        section = null;
      }
      continue;
    }
    const marker = line[0];
    const content = line.slice(1);
    if (marker === '\\') continue;
    const header = sectionOf(content);
    if (header !== null) section = header;
    if (marker === '-' || marker === '+') {
      changedLines += 1;
      note(section);
      if (marker === '-') oldLeft -= 1;
      else newLeft -= 1;
    } else {
      oldLeft -= 1;
      newLeft -= 1;
    }
  }
  return changedLines === 0 ? null : { changedLines, sections };
}

/** `frontend web` for a section line, `global` for one without a name, null for any other line. */
function sectionOf(content: string): string | null {
  // Section lines start at the first column; everything inside a section is indented.
  if (/^\s/.test(content)) return null;
  const [keyword, name] = content.trim().split(/\s+/);
  if (keyword === undefined || !SECTION_KEYWORDS.has(keyword)) return null;
  return name !== undefined && SECTION_NAME.test(name) ? `${keyword} ${name}` : keyword;
}

/**
 * Whether a look reads the diff: only after a reload, start or restart the extension followed.
 * At other times a non-empty diff can be changes tested but not applied yet, which is normal.
 */
export function readsConfigDiff(trigger: CheckTrigger, remediationChecking: boolean): boolean {
  if (remediationChecking) return true;
  switch (trigger) {
    case 'apply':
    case 'restart':
    case 'start':
    case 'remediation':
      return true;
    // The backup's restart deploys the synced configuration as a local one does (docs/opnsense.md §8).
    case 'ha-backup':
      return true;
    // `acme`: a restart the extension saw after the fact; the admin changed nothing in HAProxy, so
    // a diff would be someone's untested staging changes, not this restart's doing.
    case 'acme':
    case 'manual':
    case 'page-open':
    case 'watch':
      return false;
  }
}
