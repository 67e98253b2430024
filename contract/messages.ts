/**
 * The server's messages, by stable code: every error body carries `message_code` and `params`
 * beside its English `message`, and `field_codes` beside `errors` (docs/api.md), so a client can
 * say the same in its own language. These are the English texts; the dashboard's fr.ts says each
 * in French (the compiler checks it has them all). `%{name}` is a parameter, as in the
 * dashboard's polyglot catalogues. Two parameters name things the dashboard translates itself:
 * `records` is a resource (`service_plans`), `fields` a list of field names, `wait` a duration
 * ("15 minutes") and `status`, `reason`, `allowed`, `values` enumeration values.
 */
export const MESSAGES = {
  // One per error code (server/errors.ts ERROR_CODES): what a message not yet coded falls back to.
  validation_failed: 'A field or parameter is missing or not valid',
  malformed_json: 'The request body is not valid JSON',
  malformed_url: 'The address is not well-formed',
  malformed_input: 'A text holds characters that cannot be stored',
  too_deep: 'The request is nested too deeply',
  malformed_request: 'The request is not well-formed',
  bad_request: 'The request is not well-formed',
  unauthenticated: 'Sign in to continue',
  forbidden: 'Your role may not do this',
  not_found: 'Not found',
  request_timeout: 'The request took too long to arrive',
  conflict: 'The record is in a state that refuses this',
  stale_version: 'The record changed since you opened it: reload it',
  read_only: 'The record is closed, paid or finalized: it can no longer change',
  wrong_state: 'This action does not apply to the record as it is now',
  action_only_field: 'This field changes only through an action',
  open_plan_exists: 'This child already has an open plan in this programme with this organisation: finish or close that plan first; to revise an SHSS plan in service, clone it',
  duplicate: 'A record with this value already exists',
  reference_rule: 'The records this one refers to do not belong together',
  still_referenced: 'Other records still refer to this one: remove or archive those first',
  missing_reference: 'The record refers to one that does not exist',
  retry: 'Someone else changed this at the same moment; try again',
  too_large: 'The request or one of its texts is too large',
  unsupported_encoding: 'The request is in an encoding the server does not read',
  unsupported_file_type: 'This kind of file cannot be attached',
  submission_frozen: 'A submission is never changed or deleted: submit a new revision, with its reason, instead',
  submission_revision_taken: 'Another submission for this organisation and period was made at the same moment: reload and submit again',
  import_refused: 'Rows of the file are refused, so nothing was imported',
  question_timeout: 'The question took too long to answer: narrow its filter or grouping',
  rule_violated: 'A rule of the programme refuses this change',
  too_many_requests: 'Too many failed sign-ins; try again later',
  headers_too_large: 'The address is too long',
  internal: 'Something went wrong on our side; quote the error id if you report it',
  timeout: 'The database took too long to answer; try a narrower request',
  migrations_pending: 'The portal is being updated; try again in a few minutes',
  database_unavailable: 'The database is not reachable right now; try again in a few seconds',

  // A field's own short message, shown under the field.
  field_required: 'is required',
  field_unknown: 'unknown field',
  field_one_of: 'must be one of: %{values}',
  field_max_length: 'must be at most %{limit} characters',
  field_min_length: 'must be at least %{limit} characters',
  field_empty: 'cannot be empty',
  field_date: 'must be a date YYYY-MM-DD',
  field_format: 'must be a valid %{format}',
  field_type: 'must be %{type}',
  field_at_least: 'must be at least %{limit}',
  field_greater_than: 'must be greater than %{limit}',
  field_at_most: 'must be at most %{limit}',
  field_less_than: 'must be less than %{limit}',
  field_pattern: 'has the wrong format',
  field_invalid: 'is not valid',
  field_taken: 'already exists',
  field_cannot_change: 'cannot change',
  field_no_such_record: 'no such record',
  field_not_allowed: 'is not allowed',
  field_too_long: 'is too long',
  field_out_of_range: 'is out of range',
  field_before_start: 'cannot be before the start',
  field_first_of_month: 'must be the first day of a month',
  field_status_mismatch: 'does not agree with the status',
  field_required_here: 'is required here',
  field_does_not_match: 'does not match',
  field_stale: 'is stale',
  field_whole_number: 'must be a whole number',
  field_action_only: 'changes only through an action',
  field_in_future: 'cannot be in the future',
  field_is_status: 'is %{status}',
  field_wrong_password: 'is not right',
  field_file_too_large: 'is larger than %{limit} MB',
  field_file_empty: 'is empty',

  // Whole-request messages.
  fields_invalid: 'Check these fields: %{fields}',
  wrong_format: 'A value has the wrong format',
  value_too_long: 'A value is too long',
  number_out_of_range: 'A number is out of range',
  required_missing: 'A required field is missing',
  choice_not_allowed: 'A value is not one of the allowed choices',
  dates_out_of_order: 'An end date comes before its start date',
  text_too_long: 'A text is longer than allowed',
  month_first_day: 'A month is written as its first day',
  status_fields_mismatch: "The record's status and its dates or details do not agree",
  required_for_kind: 'A field this kind of record needs is missing',
  list_not_allowed: 'A list holds a value that is not allowed',
  record_missing: 'The chosen record does not exist',
  record_still_used: 'This record is still referenced by %{records}; remove or archive those first',
  contract_number_format: 'An SHSS contract number is SHSS followed by ten digits',
  user_needs_organization: "This role works for an organisation: choose the user's organisation",
  file_one_record: 'An attachment belongs to exactly one record',
  type_own_parent: 'A type cannot be its own parent',
  card_outside_grid: 'A card must fit the twelve columns of the dashboard',
  subscription_target: 'A subscription sends either a report or a dashboard',
  subscription_schedule: 'A schedule is a cron expression or the fiscal calendar',
  plan_risk_review: 'A risk level needs its reason and the date it was reviewed',
  email_taken: 'A user with this email already exists',
  organization_name_taken: 'An organisation with this name already exists',
  contract_number_taken: 'A contract with this number already exists',
  daily_log_taken: 'This placement already has a log for that date and shift',
  payment_summary_taken: 'This contract already has a payment summary for that month',
  referral_child_taken: 'This child is already on this referral',
  base_payment_taken: 'This placement already has a base payment for that month',
  support_payment_taken: 'This support request already has a payment for that month',
  assignment_open_taken: 'This person is already assigned to this place of service',
  default_dashboard_taken: 'Only one dashboard can be the default',
  plan_in_service_taken: 'This child already has a plan in service in this programme with this organisation; close it, or revise it with Clone',
  plan_revision_taken: 'This child already has a draft or pending plan in this programme with this organisation; finish or close it before starting another',
  plan_placement_child: "An SHSS plan is about its placement's child: a placement with plans keeps its child, and a plan names its placement's child",
  check_in_month_taken: 'This plan already has a check-in for that month: open that one instead',

  // Signing in and sessions.
  wrong_credentials: 'Wrong email or password',
  session_ended: 'Your session has ended; sign in again',
  api_key_refused: 'This API key is revoked, expired or unknown',
  csrf_refused: 'Missing or wrong CSRF token: send the %{cookie} cookie value in %{header}',
  sign_in_throttled_email: 'Too many failed sign-ins for this email; try again in %{wait}',
  sign_in_throttled_address: 'Too many failed sign-ins from this address; try again in %{wait}',
  wrong_current_password: 'The current password is not right',
  no_such_api_key: 'You have no such API key',

  // The resource engine.
  role_may_not: 'Your role (%{role}) may not %{action} %{records}',
  record_not_found: 'No %{records} record %{id}',
  referred_record_not_found: 'A record this %{records} record refers to was not found',
  not_a_record_id: '"%{id}" is not a record id',
  version_required: 'Send the version of the %{records} record you read',
  version_stale: 'This record was changed by someone else at %{changed_at} since you opened it (you have version %{sent}, the current one is %{current}); reload it and try again',
  version_stale_by: 'This record was changed by %{changed_by} at %{changed_at} since you opened it (you have version %{sent}, the current one is %{current}); reload it and try again',
  already_archived: 'This %{records} record is already archived',
  body_not_object: 'The request body must be a JSON object',
  field_changes_by_action: '%{field} changes only through the workflow actions of %{records}',
  role_fields_only: 'Your role may change only %{fields} on %{records}',
  unknown_fields: 'Unknown fields for %{records}: %{fields}',
  check_amounts: 'Check the amounts',
  field_amount: 'must be an amount in dollars',
  field_cents: 'must have at most 2 decimals',
  field_amount_too_large: 'is too large',
  no_such_endpoint: 'There is no such API endpoint',
  wrong_status_for_action: 'This %{what} is %{status}; it can be %{action} only when %{allowed}',
  date_in_future: 'The %{label} cannot be in the future',
  choose_record: 'Choose the %{label}',
  no_such_labelled: 'No %{label} %{id}',
  version_stale_by_other: 'This record was changed by another user at %{changed_at} since you opened it (you have version %{sent}, the current one is %{current}); reload it and try again',

  // Attachments.
  file_too_large: 'A file may be at most %{limit} MB',
  file_multipart: 'Send the file as multipart/form-data, in a field named "file"',
  file_required: 'Choose a file to attach (a form field named "file")',
  file_cut_off: 'The upload was cut off or is not well-formed multipart/form-data',
  file_empty: 'The file is empty',
  file_remove_refused: 'Only the person who attached a file, or a manager, may remove it',
  body_too_large: 'The request body is larger than %{limit} MB, the limit for %{what}',

  // Placements and monthly check-ins.
  placement_end_before_start: 'The end date cannot be before the placement started (%{date})',
  field_on_or_after: 'must be on or after %{date}',
  field_list: 'must be a list',
  field_comments_too_long: 'comment of answer %{numbers} is longer than %{limit} characters',
  field_month_in_future: 'is in the future',
  field_plan_not_in_service: 'the plan was not in service that month',
  field_required_to_finalize: 'is required to finalize',
  field_closed: 'is closed',
  check_in_answers_list: 'answers must be a list of { question, response, comment }',
  check_in_comment_too_long: 'Comments are limited to %{limit} characters: shorten the comment of %{which}',
  check_in_finalized: 'This check-in was finalized on %{date} and is read-only',
  check_in_month_to_come: 'A check-in cannot be for a month to come (%{month})',
  check_in_plan_never_in_service: 'Plan %{id} has not been in service yet (it is %{status}); a check-in is for a month the plan was in service',
  check_in_month_outside_service: 'Plan %{id} was not in service in %{month} (in service from %{from} to %{to}); choose a month it was in service',
  check_in_month_before_service: 'Plan %{id} was not in service in %{month} (in service from %{from}); choose a month it was in service',
  check_in_date_before_month: 'The check-in date falls in or after the month it is about (%{month})',
  check_in_month_first_day: 'The month of a check-in is its first day (YYYY-MM-01)',
  check_in_date_to_finalize: 'Enter the check-in date to finalize the check-in',
  check_in_plan_closed: 'Plan %{id} is closed; its check-ins are read-only',
  check_in_date_before_finalizing: 'Enter the check-in date before finalizing',
  check_in_date_in_future: 'The check-in date cannot be in the future',

  // Service plans.
  plan_closed: 'Plan %{id} is closed; it and its records are read-only. Clone it to start a new plan',
  plan_closed_for: 'Plan %{id} is closed (%{reason}); it and its records are read-only. Clone it to start a new plan',
  plan_closed_for_on: 'Plan %{id} is closed (%{reason} on %{date}); it and its records are read-only. Clone it to start a new plan',
} as const;

export type MessageKey = keyof typeof MESSAGES;

/** The parameter names of a template: 'at most %{limit} rows' → 'limit'. */
type ParamNames<T extends string> = T extends `${string}%{${infer Name}}${infer Rest}` ? Name | ParamNames<Rest> : never;

/** The parameters a message takes, each a string or a number. */
export type ParamsOf<K extends MessageKey> = Record<ParamNames<(typeof MESSAGES)[K]>, string | number>;

export type MessageParams = Record<string, string | number>;

/** A message as the API sends it, beside its English text. */
export interface CodedMessage {
  message_code: MessageKey;
  params: MessageParams;
}

/** A template with its parameters filled in; a parameter not given stays as it is written. */
export function fillTemplate(template: string, params: MessageParams): string {
  return template.replace(/%\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
