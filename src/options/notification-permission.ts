/**
 * The optional `notifications` permission the watch uses to tell the admin about a duplicate
 * found while no HAProxy page is open. Optional, so installing asks for nothing; requested when a
 * watch is turned on. Both browsers only show the prompt for a request made synchronously inside
 * a user's click or key press (Firefox refuses it otherwise), so callers invoke `request` in
 * their event handler before any `await`.
 */
import browser from 'webextension-polyfill';

const NOTIFICATIONS = { permissions: ['notifications' as const] };

/** Resolves whether it is granted; already granted answers true without a prompt. */
export function requestNotifications(): Promise<boolean> {
  return browser.permissions.request(NOTIFICATIONS);
}

export function notificationsGranted(): Promise<boolean> {
  return browser.permissions.contains(NOTIFICATIONS);
}
