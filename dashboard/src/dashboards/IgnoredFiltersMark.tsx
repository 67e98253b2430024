import FilterAltOffIcon from '@mui/icons-material/FilterAltOff';
import { Tooltip } from '@mui/material';
import { useTranslate } from 'react-admin';
import { fieldLabel } from '../meta/fields';

/**
 * A mark in a card's corner naming the dashboard filters the card does not apply (a question
 * over records with no date ignores the period; a built-in card ignores field filters), so
 * a number that did not change with the period is not read as one that did.
 */
export const IgnoredFiltersMark = ({ ignored, resource }: { ignored: readonly string[]; resource: string | null }) => {
  const translate = useTranslate();
  if (ignored.length === 0) return null;
  const name = (key: string) =>
    key === 'period' ? translate('app.period.period') : key === 'organization_id' ? translate('app.period.organization') : resource ? fieldLabel(translate, resource, key) : key;
  const label = translate('app.bi.dashboard.ignored', { filters: ignored.map(name).join(', ') });
  return (
    <Tooltip title={label}>
      <FilterAltOffIcon titleAccess={label} fontSize="small" color="action" sx={{ position: 'absolute', right: 8, bottom: 8 }} />
    </Tooltip>
  );
};
