/**
 * Each table with a French label (`label_fr`, the lookups people pick from) and how many of its
 * rows have none: for the seeds' tests, which give every lookup they seed its French label.
 */
export const LOOKUPS_WITHOUT_FRENCH = `select table_name,
    (xpath('/row/n/text()', query_to_xml(format('select count(*) as n from %I where label_fr is null', table_name), false, true, '')))[1]::text::int as n
  from information_schema.columns where table_schema = 'public' and column_name = 'label_fr' order by table_name`;
