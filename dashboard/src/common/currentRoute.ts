/**
 * The route the app shows (it routes in the hash: "#/dashboard?fy=2025") and its query, as they
 * are now: a navigation writes the hash at once, before the page drawn for it (a transition).
 */
export function currentRoute(): { path: string; params: URLSearchParams } {
  const [path, search = ''] = window.location.hash.replace(/^#/, '').split('?');
  return { path: path || '/', params: new URLSearchParams(search) };
}
