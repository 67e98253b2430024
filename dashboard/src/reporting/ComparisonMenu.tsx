import CompareArrowsIcon from '@mui/icons-material/CompareArrows';
import { IconButton, Menu, MenuItem, Tooltip } from '@mui/material';
import { useId, useState } from 'react';
import { useTranslate } from 'react-admin';
import { COMPARISONS, type ComparisonKind } from '../../../contract/reports';

/**
 * A card's choice of the comparison it overlays: none, the previous period or the same period
 * last year (a menu of radio items, the one chosen checked; the button is coloured while a
 * comparison shows, and the card's note says which in words).
 */
export const ComparisonMenu = ({ value, onChange }: { value: ComparisonKind | null; onChange: (value: ComparisonKind | null) => void }) => {
  const translate = useTranslate();
  const menuId = useId();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const label = translate('app.charts.compare.button');
  const choose = (choice: ComparisonKind | null) => {
    onChange(choice);
    setAnchor(null);
  };
  return (
    <>
      <Tooltip title={label}>
        <IconButton
          aria-label={label}
          aria-haspopup="menu"
          aria-controls={anchor ? menuId : undefined}
          aria-expanded={anchor ? true : undefined}
          color={value ? 'primary' : 'default'}
          onClick={event => setAnchor(event.currentTarget)}
          size="small"
        >
          <CompareArrowsIcon />
        </IconButton>
      </Tooltip>
      <Menu id={menuId} anchorEl={anchor} open={anchor !== null} onClose={() => setAnchor(null)}>
        {([null, ...COMPARISONS] as const).map(choice => (
          <MenuItem key={choice ?? 'none'} role="menuitemradio" aria-checked={value === choice} selected={value === choice} onClick={() => choose(choice)}>
            {translate(`app.charts.compare.${choice ?? 'none'}`)}
          </MenuItem>
        ))}
      </Menu>
    </>
  );
};
