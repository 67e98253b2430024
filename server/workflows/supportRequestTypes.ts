import { RuleError } from '../errors';
import { say } from '../messages';
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
  if (data.parent_code === code) throw new RuleError(say('type_own_sub_type'), { parent_code: say('field_type_itself') });
  const parent = await trx('support_request_types').where({ code: data.parent_code }).first('code', 'parent_code');
  if (!parent) throw new RuleError(say('no_such_type', { code: String(data.parent_code) }), { parent_code: say('field_no_such_type') });
  if (parent.parent_code) {
    throw new RuleError(say('type_parent_is_sub_type', { code: parent.code, parent: parent.parent_code }), { parent_code: say('field_is_sub_type') });
  }
  const children = await trx('support_request_types').where({ parent_code: code }).first('code');
  if (children) {
    throw new RuleError(say('type_has_sub_types', { code: String(code) }), { parent_code: say('field_type_has_sub_types') });
  }
}
