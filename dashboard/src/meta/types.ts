/** The shape of GET /api/meta (docs/api.md). */
export type FieldType =
  | 'string'
  | 'text'
  | 'integer'
  | 'number'
  | 'money'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'json';

export interface MetaField {
  name: string;
  type: FieldType;
  required?: boolean;
  nullable?: boolean;
  max_length?: number | null;
  enum?: string[] | null;
  reference?: string | null;
  read_only?: boolean;
  /** accepted on write, never returned (a password) */
  write_only?: boolean;
  filterable?: boolean;
  sortable?: boolean;
}

export interface ActionInput {
  name: string;
  type: 'string' | 'text' | 'date' | 'number' | 'integer' | 'boolean';
  required?: boolean;
  enum?: string[] | null;
  /** choices that depend on the record: `choices[record[field]]` */
  enum_by?: { field: string; choices: Record<string, string[]> } | null;
  reference?: string | null;
  max_length?: number | null;
  /** not sent, the record's own value of the field is taken: the form starts with it */
  from_record?: boolean;
}

export interface MetaAction {
  name: string;
  label: string;
  allowed: boolean;
  from_status?: string[] | null;
  input?: ActionInput[];
}

export interface ResourcePermissions {
  read: boolean;
  create: boolean;
  update: boolean;
  delete: boolean;
}

export interface MetaResource {
  name: string;
  label: string;
  id_field: string;
  fields: MetaField[];
  filters: string[];
  range_filters?: string[];
  sorts: string[];
  search: string[];
  default_sort?: [string, 'ASC' | 'DESC'] | null;
  permissions: ResourcePermissions;
  versioned: boolean;
  archivable: boolean;
  /** computed or system-written: nothing to create or edit */
  read_only?: boolean;
  actions: MetaAction[];
}

export interface Meta {
  user: { id: number; role: string; organization_id: number | null };
  resources: MetaResource[];
  /** the jobs the caller may run by hand, when the server lists them */
  jobs?: string[];
}
