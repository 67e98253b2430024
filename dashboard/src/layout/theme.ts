import { deepmerge } from '@mui/utils';
import { defaultLightTheme, type RaThemeOptions } from 'react-admin';

interface CheckboxOwnerState {
  'aria-label'?: string;
}

/**
 * The skip link leaves the keyboard in the page's content: react-admin's own focuses it and
 * blurs it at once, so the next Tab started over from the top.
 */
function skipToContent() {
  const content = document.getElementById('main-content');
  if (!content) return;
  content.setAttribute('tabIndex', '-1');
  content.style.outline = 'none';
  content.focus();
}

/**
 * react-admin's light theme with darker blues (white app-bar text at AA contrast), and two
 * fixes: react-admin 5.15 gives row checkboxes an `aria-label` that MUI 9 leaves on the
 * wrapping <span> (moved to the <input> it names), and its skip link loses the focus it moves.
 */
export const theme: RaThemeOptions = deepmerge(defaultLightTheme, {
  palette: {
    primary: { main: '#1565c0' },
    secondary: { main: '#0d47a1' },
  },
  components: {
    RaSkipNavigationButton: { defaultProps: { onClick: skipToContent } },
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
