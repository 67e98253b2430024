import type { Knex } from 'knex';

/**
 * An SHSS plan's child is its placement's child (docs/domain.md: a plan belongs to a placement).
 * The workflow checked it; now the database keeps it whatever writes the rows, through a
 * foreign key on the pair. The children scope relies on it: the children named by the plans
 * of visible placements are those placements' children, so it need not read those plans
 * (bench/README.md). Correcting a placement's child while plans hang off it is refused.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table placements add constraint placements_id_child_id_unique unique (id, child_id)');
  await knex.raw(`
    alter table service_plans add constraint service_plans_placement_child_foreign
    foreign key (placement_id, child_id) references placements (id, child_id)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table service_plans drop constraint service_plans_placement_child_foreign');
  await knex.raw('alter table placements drop constraint placements_id_child_id_unique');
}
