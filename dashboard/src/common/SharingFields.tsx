import { Box, Checkbox, FormControl, FormControlLabel, FormGroup, FormHelperText, FormLabel, MenuItem, TextField } from '@mui/material';
import { useTranslate } from 'react-admin';
import { ROLES } from '../../../contract/enums';
import { SHARING, type Sharing } from '../../../contract/questions';
import { enumLabel, fieldLabel } from '../meta/fields';

export interface SharingValue {
  shared_with: Sharing;
  shared_roles: string[];
}

/**
 * Who a question or a dashboard is shared with: only its owner, the users of some roles, or
 * everyone of the owner's organisation (docs/questions.md, "Sharing").
 */
export const SharingFields = ({
  resource,
  value,
  onChange,
  errors = {},
}: {
  resource: 'questions' | 'dashboards';
  value: SharingValue;
  onChange: (next: SharingValue) => void;
  errors?: Record<string, string>;
}) => {
  const translate = useTranslate();
  const toggleRole = (role: string, on: boolean) =>
    onChange({ ...value, shared_roles: on ? [...value.shared_roles, role] : value.shared_roles.filter(r => r !== role) });
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
      <TextField
        select
        label={fieldLabel(translate, resource, 'shared_with')}
        value={value.shared_with}
        onChange={e => onChange({ ...value, shared_with: e.target.value as Sharing })}
        error={Boolean(errors.shared_with)}
        helperText={errors.shared_with}
      >
        {SHARING.map(choice => (
          <MenuItem key={choice} value={choice}>
            {enumLabel(translate, resource, 'shared_with', choice)}
          </MenuItem>
        ))}
      </TextField>
      {value.shared_with === 'roles' && (
        <FormControl component="fieldset" error={Boolean(errors.shared_roles)}>
          <FormLabel component="legend">{fieldLabel(translate, resource, 'shared_roles')}</FormLabel>
          <FormGroup row>
            {ROLES.map(role => (
              <FormControlLabel
                key={role}
                control={<Checkbox checked={value.shared_roles.includes(role)} onChange={e => toggleRole(role, e.target.checked)} />}
                label={enumLabel(translate, 'users', 'role', role)}
              />
            ))}
          </FormGroup>
          {errors.shared_roles && <FormHelperText>{errors.shared_roles}</FormHelperText>}
        </FormControl>
      )}
    </Box>
  );
};

/** The field errors of a refused write (react-admin's HttpError body), by field. */
export function fieldErrors(error: unknown): Record<string, string> {
  const body = (error as { body?: { errors?: Record<string, string> } } | null)?.body;
  return body?.errors ?? {};
}
