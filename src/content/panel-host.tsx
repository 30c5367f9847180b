/**
 * Mounts the panel in an open shadow root at the end of the page, and removes it again. One host
 * per page; mount and unmount are paired so a dismissed panel leaves nothing behind.
 */
import { render } from 'preact';
import { Panel, type PanelProps } from '../ui/Panel.tsx';
import { PANEL_CSS } from '../ui/panel-styles.ts';

export const HOST_ID = 'haproxy-reload-guard';

export interface PanelHost {
  show(props: PanelProps): void;
  unmount(): void;
}

export function createPanelHost(doc: Document): PanelHost {
  let host: HTMLElement | null = null;
  let container: HTMLElement | null = null;
  return {
    show(props) {
      if (!host || !container) {
        host = doc.createElement('div');
        host.id = HOST_ID;
        const shadow = host.attachShadow({ mode: 'open' });
        const style = doc.createElement('style');
        style.textContent = PANEL_CSS;
        container = doc.createElement('div');
        shadow.append(style, container);
        doc.body.append(host);
      }
      render(<Panel {...props} />, container);
    },
    unmount() {
      if (container) render(null, container);
      host?.remove();
      host = null;
      container = null;
    },
  };
}

/** OPNsense has a light and a dark theme; read which one from the page's own background. */
export function pageTheme(doc: Document): 'light' | 'dark' {
  const colour = getComputedStyle(doc.body).backgroundColor;
  const channels = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(colour);
  if (!channels) return 'light';
  const [red, green, blue] = channels.slice(1).map(Number) as [number, number, number];
  return 0.2126 * red + 0.7152 * green + 0.0722 * blue < 128 ? 'dark' : 'light';
}
