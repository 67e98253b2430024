import InboxIcon from '@mui/icons-material/Inbox';
import { Box, Typography } from '@mui/material';
import type { ReactNode } from 'react';

/** A calm "nothing here" that says what to do next. */
export const EmptyState = ({ title, hint, action }: { title: string; hint?: string; action?: ReactNode }) => (
  <Box sx={{ textAlign: 'center', py: 4, px: 2, color: 'text.secondary' }} role="status">
    <InboxIcon sx={{ fontSize: 48, opacity: 0.5 }} aria-hidden />
    <Typography variant="h6" component="p">
      {title}
    </Typography>
    {hint && <Typography variant="body2">{hint}</Typography>}
    {action && <Box sx={{ mt: 2 }}>{action}</Box>}
  </Box>
);
