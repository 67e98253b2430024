import { CreateButton, useCanAccess, useGetResourceLabel, useResourceContext, useTranslate } from 'react-admin';
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
