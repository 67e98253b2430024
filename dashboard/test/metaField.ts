import type { MetaField } from '../../contract/meta';

/** A field of /api/meta with the defaults of a plain optional column. */
export const field = (name: string, type: MetaField['type'], extra: Partial<MetaField> = {}): MetaField => ({
  name,
  type,
  required: false,
  nullable: true,
  max_length: null,
  enum: null,
  reference: null,
  read_only: false,
  write_only: false,
  filterable: false,
  sortable: false,
  ...extra,
});
