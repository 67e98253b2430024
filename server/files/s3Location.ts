/** `s3://bucket/some/prefix` → the bucket and the key prefix (no leading slash, one trailing slash). */
export function s3Location(url: string): { bucket: string; prefix: string } | null {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(\/.*)?$/.exec(url);
  if (!match) return null;
  const path = (match[2] ?? '').split('/').filter(Boolean);
  if (path.some((segment) => segment === '.' || segment === '..')) return null;
  return { bucket: match[1], prefix: path.length ? `${path.join('/')}/` : '' };
}
