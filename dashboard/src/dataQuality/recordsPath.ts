import type { DataQualityCheck } from '../../../contract/enums';

/** A scorecard group: an organisation, and a place of it (null: its records at no place). */
export interface Group {
  organization_id?: number | null;
  place_of_service_id?: number | null;
}

/** The page listing a count's records: /data-quality/<check>?org=…&place=… ("none" for null). */
export function recordsPath(check: DataQualityCheck, group: Group): string {
  const params = new URLSearchParams();
  const put = (key: string, value: number | null | undefined) => {
    if (value !== undefined) params.set(key, value === null ? 'none' : String(value));
  };
  put('org', group.organization_id);
  put('place', group.place_of_service_id);
  const query = params.toString();
  return `/data-quality/${check}${query ? `?${query}` : ''}`;
}

/** The group of a records page's URL (the inverse of recordsPath), as the records endpoint's filter. */
export function groupFilter(params: URLSearchParams): Group {
  const read = (key: string): number | null | undefined => {
    const value = params.get(key);
    if (value === null) return undefined;
    if (value === 'none') return null;
    const id = Number(value);
    return Number.isInteger(id) && id > 0 ? id : undefined;
  };
  const filter: Group = {};
  const org = read('org');
  const place = read('place');
  if (org !== undefined) filter.organization_id = org;
  if (place !== undefined) filter.place_of_service_id = place;
  return filter;
}
