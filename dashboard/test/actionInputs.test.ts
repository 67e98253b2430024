import { initialValues, inputsFor } from '../src/generic/WorkflowButtons';
import type { MetaAction } from '../../contract/meta';

const close: MetaAction = {
  name: 'close',
  label: 'Close plan',
  allowed: true,
  from_status: null,
  input: [
    { name: 'closed_on', type: 'date', required: true, enum: null, enum_by: null },
    {
      name: 'closed_reason',
      type: 'string',
      required: true,
      enum: ['met_goals', 'placement_ended', 'other'],
      enum_by: { field: 'program', choices: { SHSS: ['met_goals', 'placement_ended', 'other'], CSP: ['met_goals', 'other'] } },
    },
  ],
};

describe("an action's form", () => {
  it('offers a CSP plan only the reasons a CSP plan closes with', () => {
    expect(inputsFor(close, { id: 1, program: 'CSP' })[1].enum).toEqual(['met_goals', 'other']);
    expect(inputsFor(close, { id: 2, program: 'SHSS' })[1].enum).toEqual(['met_goals', 'placement_ended', 'other']);
  });

  it('leaves inputs without record-dependent choices as declared', () => {
    expect(inputsFor(close, { id: 1, program: 'CSP' })[0]).toBe(close.input![0]);
  });

  it("starts from the record's value where the input defaults to it", () => {
    const markPaid: MetaAction = {
      name: 'mark_paid',
      label: 'Record as paid',
      allowed: true,
      from_status: null,
      input: [
        { name: 'paid_on', type: 'date', required: true },
        { name: 'cas_payment_number', type: 'string', required: true, from_record: true },
      ],
    };
    expect(initialValues(markPaid, { id: 3, cas_payment_number: 'CAS-4410', paid_on: null })).toEqual({ cas_payment_number: 'CAS-4410' });
    expect(initialValues(close, { id: 1, program: 'CSP' })).toEqual({});
  });
});
