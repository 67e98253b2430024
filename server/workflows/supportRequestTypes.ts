import { RuleError } from '../errors';
import type { WriteContext } from '../resources/types';
import type { SupportRequestType } from '../models/SupportRequestType';

/**
 * beforeWrite of support_request_types: a sub-type's parent is a type, never another sub-type
 * (one level deep). The list an installation starts with is migration 20261123000012's.
 */
export async function checkSupportRequestTypeWrite(ctx: WriteContext<SupportRequestType>): Promise<void> {
  if (ctx.action === 'delete') return;
  const { trx, data, before } = ctx;
  const code = before?.code ?? data.code;
  if (!data.parent_code) return;
  if (data.parent_code === code) throw new RuleError('A type cannot be its own sub-type', { parent_code: 'cannot be the type itself' });
  const parent = await trx('support_request_types').where({ code: data.parent_code }).first('code', 'parent_code');
  if (!parent) throw new RuleError(`There is no type "${String(data.parent_code)}"`, { parent_code: 'no such type' });
  if (parent.parent_code) {
    throw new RuleError(`"${parent.code}" is itself a sub-type of "${parent.parent_code}"; sub-types are one level deep`, { parent_code: 'is a sub-type' });
  }
  const children = await trx('support_request_types').where({ parent_code: code }).first('code');
  if (children) {
    throw new RuleError(`"${code}" has sub-types of its own, so it cannot become a sub-type`, { parent_code: 'the type has sub-types' });
  }
}
