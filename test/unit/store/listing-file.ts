/**
 * Reads a listing file of store/: a title line, then one `## field` heading per field with its
 * text below, up to the next heading (layout in store/README.md).
 */
export function parseListing(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  let current: string | null = null;
  let lines: string[] = [];
  const flush = () => {
    if (current !== null) fields.set(current, lines.join('\n').trim());
  };
  for (const line of text.split('\n')) {
    const heading = /^## (\S+)\s*$/.exec(line);
    if (heading) {
      flush();
      current = heading[1] ?? null;
      lines = [];
    } else if (current !== null) {
      lines.push(line);
    }
  }
  flush();
  return fields;
}
