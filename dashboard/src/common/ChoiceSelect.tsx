import { FormControl, InputLabel, MenuItem, Select } from '@mui/material';

/** A small select of a filter bar: "all" (empty), or one of the options. */
export function ChoiceSelect<V extends string | number>({
  id,
  label,
  all,
  value,
  options,
  onChange,
  minWidth = 200,
}: {
  id: string;
  label: string;
  all: string;
  value: V | null;
  options: readonly { value: V; label: string }[];
  onChange: (value: V | null) => void;
  minWidth?: number;
}) {
  return (
    <FormControl size="small" fullWidth={false} sx={{ minWidth }}>
      <InputLabel id={`${id}-label`}>{label}</InputLabel>
      <Select
        labelId={`${id}-label`}
        label={label}
        value={value ?? ''}
        onChange={e => {
          const chosen = options.find(option => String(option.value) === String(e.target.value));
          onChange(chosen ? chosen.value : null);
        }}
      >
        <MenuItem value="">{all}</MenuItem>
        {options.map(option => (
          <MenuItem key={option.value} value={option.value}>
            {option.label}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}
