import type { Knex } from 'knex';

/**
 * Collects the demo rows in memory, then inserts them table by table in batches. A row is
 * built only when its table is written, so it can name the ids of rows written before it.
 */
export interface Pending {
  /** set once the row is inserted */
  id: number;
}

type Row = Record<string, unknown>;

interface Entry {
  record: Pending;
  build: () => Row;
}

const BATCH_SIZE = 500;

export class SeedWriter {
  private readonly queues = new Map<string, Entry[]>();

  /**
   * Queues a row. `stage` names a queue of the same table written later (e.g. plans cloned
   * from plans written in an earlier stage); it defaults to the table itself.
   */
  add(table: string, build: () => Row, stage: string = table): Pending {
    const record: Pending = { id: 0 };
    const key = `${table}|${stage}`;
    let queue = this.queues.get(key);
    if (!queue) {
      queue = [];
      this.queues.set(key, queue);
    }
    queue.push({ record, build });
    return record;
  }

  count(table: string): number {
    let total = 0;
    for (const [key, queue] of this.queues) if (key.startsWith(`${table}|`)) total += queue.length;
    return total;
  }

  /** Writes every queue in `order` (`table` or `table|stage`); a queue left out is an error. */
  async write(knex: Knex, order: readonly string[]): Promise<Record<string, number>> {
    const keys = order.map((key) => (key.includes('|') ? key : `${key}|${key}`));
    const missing = [...this.queues.keys()].filter((key) => !keys.includes(key));
    if (missing.length) throw new Error(`The demo seed has no place in its write order for: ${missing.join(', ')}`);
    const counts: Record<string, number> = {};
    for (const key of keys) {
      const queue = this.queues.get(key) ?? [];
      const table = key.split('|')[0];
      for (let start = 0; start < queue.length; start += BATCH_SIZE) {
        const batch = queue.slice(start, start + BATCH_SIZE);
        // INSERT … VALUES … RETURNING answers the rows in the order they were given.
        const inserted: { id: number | string }[] = await knex(table)
          .insert(batch.map((entry) => entry.build()))
          .returning('id');
        inserted.forEach((row, index) => {
          batch[index].record.id = Number(row.id);
        });
      }
      counts[table] = (counts[table] ?? 0) + queue.length;
    }
    return counts;
  }
}
