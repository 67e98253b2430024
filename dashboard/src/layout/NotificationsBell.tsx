import NotificationsIcon from '@mui/icons-material/Notifications';
import { Badge, Box, Button, Divider, IconButton, ListItemText, Menu, MenuItem, Typography } from '@mui/material';
import { useState } from 'react';
import { useGetList, useLocaleState, useNotify, useTranslate, useUpdate, type RaRecord } from 'react-admin';
import { useNavigate } from 'react-router-dom';
import { useMeta, useMetaResource } from '../meta/MetaContext';
import { findResource } from '../meta/store';
import { formatDateTime } from '../meta/format';
import { sayNotification } from '../api/serverMessages';

const RESOURCE = 'notifications';
const POLL_MS = 60_000;

/** The bell: unread count, the latest unread messages, each opening its record and marked read. */
export const NotificationsBell = () => {
  const declared = useMetaResource(RESOURCE);
  return declared ? <Bell /> : null;
};

const Bell = () => {
  const translate = useTranslate();
  const notify = useNotify();
  const navigate = useNavigate();
  const [locale] = useLocaleState();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const { data = [], total = 0, refetch } = useGetList(
    RESOURCE,
    { filter: { read_at: null }, pagination: { page: 1, perPage: 10 }, sort: { field: 'created_at', order: 'DESC' } },
    { refetchInterval: POLL_MS },
  );
  const [update] = useUpdate();
  const meta = useMeta();

  const markRead = (item: RaRecord) =>
    update(
      RESOURCE,
      { id: item.id, data: { read_at: new Date().toISOString() }, previousData: item },
      // refetched once read: the unread list and its count leave it out at once, not at the next poll
      { mutationMode: 'pessimistic', onSuccess: () => refetch(), onError: (error: any) => notify(error?.message || 'app.actions.failed', { type: 'error' }) },
    );

  const open = (item: RaRecord) => {
    markRead(item);
    setAnchor(null);
    // A notification about a record opens it; one about a page of its own (the weekly compliance digest) opens that page.
    if (item.resource && findResource(meta, item.resource) && item.record_id) navigate(`/${item.resource}/${item.record_id}/show`);
    else if (item.resource) navigate(`/${item.resource}`);
  };

  const label = translate('app.notifications.aria', { smart_count: total });
  return (
    <>
      <IconButton color="inherit" aria-label={label} aria-haspopup="menu" onClick={e => setAnchor(e.currentTarget)}>
        <Badge badgeContent={total} color="error" max={99}>
          <NotificationsIcon />
        </Badge>
      </IconButton>
      <Menu anchorEl={anchor} open={Boolean(anchor)} onClose={() => setAnchor(null)} slotProps={{ paper: { sx: { width: 360 } } }}>
        <Box sx={{ px: 2, py: 1 }}>
          <Typography variant="subtitle1" component="h2">
            {translate('app.notifications.title')}
          </Typography>
        </Box>
        <Divider />
        {data.length === 0 && (
          <MenuItem disabled>
            <ListItemText primary={translate('app.notifications.none')} secondary={translate('app.notifications.none_hint')} />
          </MenuItem>
        )}
        {data.map(item => (
          <MenuItem key={item.id} onClick={() => open(item)}>
            <ListItemText
              primary={sayNotification(item as RaRecord & { message: string })}
              secondary={formatDateTime(item.created_at, locale)}
              slotProps={{ primary: { sx: { whiteSpace: 'normal' } } }}
            />
          </MenuItem>
        ))}
        {data.length > 0 && (
          <Box sx={{ px: 2, py: 1, textAlign: 'right' }}>
            <Button
              size="small"
              onClick={() => {
                data.forEach(markRead);
                setAnchor(null);
              }}
            >
              {translate('app.notifications.mark_all_read')}
            </Button>
          </Box>
        )}
      </Menu>
    </>
  );
};
