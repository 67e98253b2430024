import { Alert } from '@mui/material';
import { CreateButton, useCanAccess, useGetResourceLabel, useListContext, useResourceContext, useTranslate } from 'react-admin';
import { EmptyState } from '../common/EmptyState';

export const ListEmpty = () => {
  const resource = useResourceContext()!;
  const translate = useTranslate();
  const label = useGetResourceLabel()(resource, 2);
  const { canAccess: canCreate } = useCanAccess({ action: 'create', resource });
  return (
    <EmptyState
      title={translate('app.empty.title', { name: label.toLocaleLowerCase() })}
      hint={translate(canCreate ? 'app.empty.hint_create' : 'app.empty.hint_read_only')}
      action={canCreate ? <CreateButton variant="contained" /> : undefined}
    />
  );
};

/** A list that could not be read says so, with the server's reason, instead of "no records". */
export const ListLoadError = () => {
  const { error } = useListContext();
  const translate = useTranslate();
  return (
    <Alert severity="error" role="alert" sx={{ m: 2 }}>
      {translate('app.list.load_failed', { reason: (error as Error | null)?.message ?? '' })}
    </Alert>
  );
};
