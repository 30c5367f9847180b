/**
 * Mounts the panel in an open shadow root at the end of the page, and removes it again. One host
 * per page; mount and unmount are paired so a dismissed panel leaves nothing behind. The root
 * stays open: the end-to-end tests and assistive technology read it, and closing it would not
 * stop a page that can restyle the host anyway (see trusted-click.ts for what guards the buttons).
 */
import { render } from 'preact';
import { Panel, type PanelProps } from '../ui/Panel.tsx';
import { PANEL_CSS } from '../ui/panel-styles.ts';
import { createFocusProvenance, type FocusProvenance } from './focus-provenance.ts';
import { exposureProblem } from './panel-exposure.ts';
import { isAdminActivation } from './trusted-click.ts';

export const HOST_ID = 'haproxy-reload-guard';

export interface PanelHost {
  show(props: PanelProps): void;
  unmount(): void;
  /** Whether a click on a panel button is the admin's, seen and meant (trusted-click.ts). */
  isAdminActivation(event: Event): boolean;
}

export function createPanelHost(doc: Document): PanelHost {
  let host: HTMLElement | null = null;
  let container: HTMLElement | null = null;
  let provenance: FocusProvenance | null = null;
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
        const shown = host;
        if (doc.defaultView) {
          provenance = createFocusProvenance(
            doc.defaultView,
            shadow,
            (element, point) => exposureProblem(shown, element, point) === null,
          );
        }
      }
      render(<Panel {...props} />, container);
    },
    unmount() {
      if (container) render(null, container);
      host?.remove();
      provenance?.dispose();
      host = null;
      container = null;
      provenance = null;
    },
    isAdminActivation: (event) =>
      event instanceof MouseEvent && isAdminActivation(event, host, provenance),
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
