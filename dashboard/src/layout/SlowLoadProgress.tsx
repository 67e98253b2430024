import { LinearProgress } from '@mui/material';
import { useEffect, useState } from 'react';
import { useLoading, useTranslate } from 'react-admin';

export const SLOW_LOAD_MS = 500;

/** A thin bar at the top of the page while any request takes more than half a second. */
export const SlowLoadProgress = () => {
  const loading = useLoading();
  const translate = useTranslate();
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    if (!loading) {
      setVisible(false);
      return;
    }
    const timer = setTimeout(() => setVisible(true), SLOW_LOAD_MS);
    return () => clearTimeout(timer);
  }, [loading]);
  if (!visible) return null;
  return (
    <LinearProgress
      aria-label={translate('app.loading')}
      color="secondary"
      sx={{ position: 'fixed', top: 0, left: 0, right: 0, zIndex: theme => theme.zIndex.appBar + 1 }}
    />
  );
};
