/**
 * Copying text from a click: the async clipboard API where the page allows it, else a selected
 * textarea and `execCommand('copy')`. The fallback is for a content script on a plain-HTTP GUI,
 * which is no secure context, so `navigator.clipboard` is missing there. Both need the click's
 * user activation: a script's synthetic click copies nothing.
 */
export async function copyText(text: string, near: Element): Promise<void> {
  // Missing outside secure contexts, although the type says it is always there.
  const clipboard = navigator.clipboard as Clipboard | undefined;
  if (clipboard) {
    try {
      await clipboard.writeText(text);
      return;
    } catch {
      // Refused (no focus, a policy): the fallback may still be allowed.
    }
  }
  copyBySelection(text, near);
}

/** Inside `near`'s own tree (the panel's shadow root), so the page's DOM never holds the text. */
function copyBySelection(text: string, near: Element): void {
  const doc = near.ownerDocument;
  const area = doc.createElement('textarea');
  area.value = text;
  area.readOnly = true;
  area.setAttribute('aria-hidden', 'true');
  area.style.cssText = 'position:fixed;top:0;left:0;width:1px;height:1px;opacity:0;';
  near.append(area);
  try {
    area.select();
    // Deprecated, yet the one way to copy without the async clipboard; both browsers keep it.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    if (!doc.execCommand('copy')) throw new Error('The browser refused to copy.');
  } finally {
    area.remove();
  }
}
