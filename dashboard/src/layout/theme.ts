import { deepmerge } from '@mui/utils';
import { defaultLightTheme, type RaThemeOptions } from 'react-admin';

interface CheckboxOwnerState {
  'aria-label'?: string;
}

/**
 * react-admin's light theme with darker blues (white app-bar text at AA contrast), and one
 * fix: react-admin 5.15 gives row checkboxes an `aria-label` that MUI 9 leaves on the
 * wrapping <span>; move it to the <input> it names.
 */
export const theme: RaThemeOptions = deepmerge(defaultLightTheme, {
  palette: {
    primary: { main: '#1565c0' },
    secondary: { main: '#0d47a1' },
  },
  components: {
    MuiCheckbox: {
      defaultProps: {
        slotProps: {
          root: () => ({ 'aria-label': undefined }),
          input: (ownerState: CheckboxOwnerState) => (ownerState['aria-label'] ? { 'aria-label': ownerState['aria-label'] } : {}),
        },
      },
    },
  },
});
