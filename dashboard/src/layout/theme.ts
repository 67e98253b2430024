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
 *
 * Loading is shown without repainting the page on every frame: placeholders (Skeleton) stand
 * still, and a spinner only turns (its arc's changing length is a paint per frame on the main
 * thread; a turn is the compositor's). While a dashboard loaded, those animations kept the
 * browser drawing frames — 0.2–1 s of CPU on the compositor threads per sign-in in headless
 * Chromium, beside the main thread's rendering and the server (docs/reports.md, "Dashboard
 * reports").
 */
export const theme: RaThemeOptions = deepmerge(defaultLightTheme, {
  palette: {
    primary: { main: '#1565c0' },
    secondary: { main: '#0d47a1' },
  },
  components: {
    RaSkipNavigationButton: { defaultProps: { onClick: skipToContent } },
    MuiSkeleton: { defaultProps: { animation: false } },
    MuiCircularProgress: { defaultProps: { disableShrink: true } },
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
