/**
 * Content script for OPNsense HAProxy pages of enabled firewalls. It stays idle (two listeners,
 * no timers, no network) until the admin clicks Apply or a service button, or the background has
 * a check to show for this tab; it is torn down when the page is left.
 */
import { isHaproxyPage } from '../opnsense/selectors.ts';
import { init, untilLeft } from './haproxy-page.ts';
import { whenParsed } from './page-observer-event.ts';

whenParsed(() => {
  if (isHaproxyPage(document, location.pathname)) init(untilLeft(window));
});
