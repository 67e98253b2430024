/** The dashboard path of a record a computed row points at (`/support_requests/12/show`). */
export const recordPath = (resource: string, id: number | string) => `/${resource}/${encodeURIComponent(String(id))}/show`;
