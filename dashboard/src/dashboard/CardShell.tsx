import { Card, CardActions, CardContent, CardHeader, Typography } from '@mui/material';
import { useId, type ReactNode } from 'react';

/** The frame every dashboard card shares: a titled section, optional tools, content, footer. */
export const CardShell = ({
  title,
  icon,
  actions,
  footer,
  children,
}: {
  title: string;
  icon?: ReactNode;
  actions?: ReactNode;
  footer?: ReactNode;
  children: ReactNode;
}) => {
  const id = useId();
  return (
    <Card component="section" aria-labelledby={id} sx={{ height: '100%', display: 'flex', flexDirection: 'column' }}>
      <CardHeader
        avatar={icon}
        title={
          <Typography id={id} component="h2" variant="subtitle1" sx={{ fontWeight: 600 }}>
            {title}
          </Typography>
        }
        action={actions}
        sx={{ pb: 0, '& .MuiCardHeader-action': { alignSelf: 'center' } }}
      />
      <CardContent sx={{ flex: 1 }}>{children}</CardContent>
      {footer && <CardActions sx={{ px: 2, pt: 0 }}>{footer}</CardActions>}
    </Card>
  );
};
