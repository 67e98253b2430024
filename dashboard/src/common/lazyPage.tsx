import { LinearProgress } from '@mui/material';
import { lazy, Suspense, type ComponentType } from 'react';

/** A page whose code loads when it is first opened (the builder, the forms), with a bar meanwhile. */
export function lazyPage(load: () => Promise<{ default: ComponentType }>): ComponentType {
  const Page = lazy(load);
  return () => (
    <Suspense fallback={<LinearProgress sx={{ mt: 2 }} />}>
      <Page />
    </Suspense>
  );
}
