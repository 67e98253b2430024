import { Typography } from '@mui/material';
import { Title } from 'react-admin';

/** A page's title, the same words in the app bar (react-admin's Title) and as the page's h2. */
export const PageHeading = ({ title, mb = 1 }: { title: string; mb?: number }) => (
  <>
    <Title title={title} />
    <Typography variant="h5" component="h2" sx={{ mb }}>
      {title}
    </Typography>
  </>
);
