import {
  AutocompleteArrayInput,
  BooleanInput,
  CheckboxGroupInput,
  Create,
  Edit,
  FormDataConsumer,
  ReferenceArrayInput,
  ReferenceInput,
  SelectInput,
  SimpleForm,
  TextInput,
  required,
  useTranslate,
} from 'react-admin';
import { FISCAL_SCHEDULE_PERIODS, SCHEDULE_KINDS, SUBSCRIPTION_FORMATS, SUBSCRIPTION_PERIODS, SUBSCRIPTION_REPORTS } from '../../../../contract/questions';
import { enumChoices, fieldLabel } from '../../meta/fields';

const R = 'report_subscriptions';

/**
 * A report subscription's form (docs/questions.md, "Report subscriptions"): what it sends (a
 * dashboard or the CSP measures), as PDF and/or XLSX, to which users, on a cron schedule (with
 * the period it covers) or on the fiscal calendar's interim and final dates.
 */
const SubscriptionInputs = () => {
  const translate = useTranslate();
  const label = (field: string) => fieldLabel(translate, R, field);
  const choices = (field: string, values: readonly string[]) => enumChoices(translate, R, field, values);
  return (
    <>
      <TextInput source="title" label={label('title')} validate={required()} fullWidth />
      <ReferenceInput source="dashboard_id" reference="dashboards">
        <SelectInput label={label('dashboard_id')} optionText="title" emptyText="app.input.any" sx={{ minWidth: 280 }} />
      </ReferenceInput>
      <SelectInput source="report" label={label('report')} choices={choices('report', SUBSCRIPTION_REPORTS)} translateChoice={false} emptyText="app.input.any" sx={{ minWidth: 280 }} />
      <CheckboxGroupInput source="formats" label={label('formats')} choices={choices('formats', SUBSCRIPTION_FORMATS)} translateChoice={false} validate={required()} defaultValue={['pdf', 'xlsx']} />
      <ReferenceArrayInput source="recipient_ids" reference="users" filter={{ active: true }}>
        <AutocompleteArrayInput label={label('recipient_ids')} optionText="full_name" validate={required()} filterToQuery={q => ({ q })} sx={{ minWidth: 400 }} />
      </ReferenceArrayInput>
      <SelectInput source="schedule_kind" label={label('schedule_kind')} choices={choices('schedule_kind', SCHEDULE_KINDS)} translateChoice={false} validate={required()} defaultValue="fiscal" />
      <FormDataConsumer>
        {({ formData }) =>
          formData.schedule_kind === 'cron' ? (
            <>
              <TextInput source="cron" label={label('cron')} helperText="app.bi.subscriptions.cron_hint" validate={required()} />
              <SelectInput source="period" label={label('period')} choices={choices('period', SUBSCRIPTION_PERIODS)} translateChoice={false} defaultValue="fiscal_year_to_date" />
            </>
          ) : (
            <CheckboxGroupInput source="fiscal_periods" label={label('fiscal_periods')} choices={choices('fiscal_periods', FISCAL_SCHEDULE_PERIODS)} translateChoice={false} validate={required()} defaultValue={['interim', 'final']} />
          )
        }
      </FormDataConsumer>
      <BooleanInput source="active" label={label('active')} defaultValue />
    </>
  );
};

export const SubscriptionEdit = () => (
  <Edit mutationMode="pessimistic" redirect="show">
    <SimpleForm>
      <SubscriptionInputs />
    </SimpleForm>
  </Edit>
);

export const SubscriptionCreate = () => (
  <Create redirect="show">
    <SimpleForm>
      <SubscriptionInputs />
    </SimpleForm>
  </Create>
);
