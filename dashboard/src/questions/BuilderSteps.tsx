import AddIcon from '@mui/icons-material/Add';
import DeleteIcon from '@mui/icons-material/Delete';
import { Box, Button, FormControl, FormControlLabel, FormLabel, IconButton, MenuItem, Radio, RadioGroup, TextField } from '@mui/material';
import { useTranslate } from 'react-admin';
import { BUCKETS, MAX_GROUP_BY, MEASURE_FNS, VISUALIZATIONS, type QuestionField } from '../../../contract/questions';
import { enumLabel } from '../meta/fields';
import { questionFieldLabel } from './answerModel';
import { FilterValueInput } from './FilterValueInput';
import { operatorsFor, SORTS, suggestedVisualization, visualizationsFor, type BuilderState, type FilterRow, type GroupRow } from './specForm';

/**
 * The builder's steps after the resource: filters, groups, the measure and how the answer is
 * drawn. Each is a set of labelled controls, so the whole form works by keyboard.
 */
interface StepProps {
  state: BuilderState;
  fields: readonly QuestionField[];
  onChange: (next: BuilderState) => void;
}

const useFieldLabel = (resource: string) => {
  const translate = useTranslate();
  return (field: QuestionField) => questionFieldLabel(field, resource, translate);
};

const FieldSelect = ({ label, value, fields, onChange, resource }: { label: string; value: string; fields: readonly QuestionField[]; onChange: (field: string) => void; resource: string }) => {
  const name = useFieldLabel(resource);
  return (
    <TextField select size="small" label={label} value={fields.some(f => f.field === value) ? value : ''} onChange={e => onChange(e.target.value)} sx={{ minWidth: 240 }}>
      {fields.map(f => (
        <MenuItem key={f.field} value={f.field}>
          {name(f)}
        </MenuItem>
      ))}
    </TextField>
  );
};

const Row = ({ children }: { children: React.ReactNode }) => <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, alignItems: 'center' }}>{children}</Box>;

export const FilterStep = ({ state, fields, onChange }: StepProps) => {
  const translate = useTranslate();
  const filterable = fields.filter(f => f.filters);
  const setRow = (index: number, row: FilterRow) => onChange({ ...state, filters: state.filters.map((r, i) => (i === index ? row : r)) });
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1.5 }}>
      {state.filters.map((row, index) => {
        const field = filterable.find(f => f.field === row.field);
        const n = index + 1;
        return (
          <Row key={index}>
            <FieldSelect
              label={translate('app.bi.builder.filter_field', { n })}
              value={row.field}
              fields={filterable}
              resource={state.resource}
              onChange={name => setRow(index, { field: name, op: 'eq', value: null })}
            />
            {field && (
              <TextField select size="small" label={translate('app.bi.builder.filter_op', { n })} value={row.op} onChange={e => setRow(index, { ...row, op: e.target.value as FilterRow['op'] })} sx={{ minWidth: 150 }}>
                {operatorsFor(field).map(op => (
                  <MenuItem key={op} value={op}>
                    {translate(`app.bi.builder.ops.${op}`)}
                  </MenuItem>
                ))}
              </TextField>
            )}
            {field && row.op !== 'empty' && row.op !== 'present' && (
              <FilterValueInput field={field} label={translate('app.bi.builder.filter_value', { n })} value={row.value} onChange={value => setRow(index, { ...row, value })} />
            )}
            <IconButton aria-label={translate('app.bi.builder.remove_filter', { n })} onClick={() => onChange({ ...state, filters: state.filters.filter((_, i) => i !== index) })}>
              <DeleteIcon />
            </IconButton>
          </Row>
        );
      })}
      <Box>
        <Button startIcon={<AddIcon />} onClick={() => onChange({ ...state, filters: [...state.filters, { field: '', op: 'eq', value: null }] })}>
          {translate('app.bi.builder.add_filter')}
        </Button>
      </Box>
    </Box>
  );
};

export const GroupStep = ({ state, fields, onChange }: StepProps) => {
  const translate = useTranslate();
  const groupable = fields.filter(f => f.groups);
  const setGroups = (groups: GroupRow[]) => onChange({ ...state, groups, visualization: suggestedVisualization(groups, state.visualization) });
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1.5 }}>
      {state.groups.map((group, index) => {
        const field = groupable.find(f => f.field === group.field);
        const n = index + 1;
        return (
          <Row key={index}>
            <FieldSelect
              label={translate('app.bi.builder.group_field', { n })}
              value={group.field}
              fields={groupable}
              resource={state.resource}
              onChange={name => setGroups(state.groups.map((g, i) => (i === index ? { field: name, bucket: groupable.find(f => f.field === name)?.bucket ? 'month' : null } : g)))}
            />
            {field?.bucket && (
              <TextField
                select
                size="small"
                label={translate('app.bi.builder.bucket', { n })}
                value={group.bucket ?? 'month'}
                onChange={e => setGroups(state.groups.map((g, i) => (i === index ? { ...g, bucket: e.target.value as GroupRow['bucket'] } : g)))}
                sx={{ minWidth: 160 }}
              >
                {BUCKETS.map(bucket => (
                  <MenuItem key={bucket} value={bucket}>
                    {translate(`app.bi.builder.buckets.${bucket}`)}
                  </MenuItem>
                ))}
              </TextField>
            )}
            <IconButton aria-label={translate('app.bi.builder.remove_group', { n })} onClick={() => setGroups(state.groups.filter((_, i) => i !== index))}>
              <DeleteIcon />
            </IconButton>
          </Row>
        );
      })}
      <Box>
        <Button startIcon={<AddIcon />} disabled={state.groups.length >= MAX_GROUP_BY} onClick={() => setGroups([...state.groups, { field: '', bucket: null }])}>
          {translate('app.bi.builder.add_group')}
        </Button>
      </Box>
    </Box>
  );
};

export const MeasureStep = ({ state, fields, onChange }: StepProps) => {
  const translate = useTranslate();
  const fns = MEASURE_FNS.filter(fn => fn === 'count' || fields.some(f => f.measures.includes(fn)));
  const measured = fields.filter(f => f.measures.includes(state.measure.fn));
  return (
    <Row>
      <TextField
        select
        size="small"
        label={translate('app.bi.builder.measure')}
        value={state.measure.fn}
        onChange={e => {
          const fn = e.target.value as BuilderState['measure']['fn'];
          const keep = fields.find(f => f.field === state.measure.field)?.measures.includes(fn);
          onChange({ ...state, measure: { fn, field: fn === 'count' ? null : keep ? state.measure.field : null } });
        }}
        sx={{ minWidth: 200 }}
      >
        {fns.map(fn => (
          <MenuItem key={fn} value={fn}>
            {translate(`app.bi.builder.fns.${fn}`)}
          </MenuItem>
        ))}
      </TextField>
      {state.measure.fn !== 'count' && (
        <FieldSelect
          label={translate('app.bi.builder.measure_field')}
          value={state.measure.field ?? ''}
          fields={measured}
          resource={state.resource}
          onChange={name => onChange({ ...state, measure: { ...state.measure, field: name } })}
        />
      )}
      {state.groups.length > 0 && (
        <TextField select size="small" label={translate('app.bi.builder.sort')} value={state.sort} onChange={e => onChange({ ...state, sort: e.target.value as BuilderState['sort'] })} sx={{ minWidth: 200 }}>
          {SORTS.map(sort => (
            <MenuItem key={sort} value={sort}>
              {translate(`app.bi.builder.sorts.${sort}`)}
            </MenuItem>
          ))}
        </TextField>
      )}
      {state.groups.length > 0 && (
        <TextField
          size="small"
          type="number"
          label={translate('app.bi.builder.limit')}
          value={state.limit ?? ''}
          onChange={e => onChange({ ...state, limit: e.target.value === '' ? null : Math.max(1, Math.min(1000, Math.round(Number(e.target.value)))) })}
          slotProps={{ htmlInput: { min: 1, max: 1000 } }}
          sx={{ width: 140 }}
        />
      )}
    </Row>
  );
};

export const VisualizationStep = ({ state, onChange }: Omit<StepProps, 'fields'>) => {
  const translate = useTranslate();
  const allowed = visualizationsFor(state.groups.length);
  return (
    <FormControl component="fieldset">
      <FormLabel component="legend">{translate('app.bi.builder.visualization')}</FormLabel>
      <RadioGroup row value={state.visualization} onChange={e => onChange({ ...state, visualization: e.target.value as BuilderState['visualization'] })}>
        {VISUALIZATIONS.map(v => (
          <FormControlLabel key={v} value={v} disabled={!allowed.includes(v)} control={<Radio />} label={enumLabel(translate, 'questions', 'visualization', v)} />
        ))}
      </RadioGroup>
    </FormControl>
  );
};
