import { useGetResourceLabel, useListContext, useResourceContext } from 'react-admin';
import { DownloadButtons } from '../common/DownloadButtons';
import { usePortalDataProvider } from '../common/usePortalDataProvider';

/** The whole filtered list as CSV/XLSX, streamed by the server (not the 1000-row client export). */
export const ListExport = () => {
  const resource = useResourceContext()!;
  const { filterValues, sort } = useListContext();
  const dataProvider = usePortalDataProvider();
  const label = useGetResourceLabel()(resource, 2);
  return (
    <DownloadButtons
      what={label}
      start={(format, onProgress) => dataProvider.download(resource, { filter: filterValues, sort }, format, onProgress)}
    />
  );
};

/** The selected rows only. */
export const BulkExport = () => {
  const resource = useResourceContext()!;
  const { selectedIds, sort } = useListContext();
  const dataProvider = usePortalDataProvider();
  const label = useGetResourceLabel()(resource, selectedIds.length);
  return (
    <DownloadButtons
      what={label}
      start={(format, onProgress) => dataProvider.download(resource, { filter: { id: selectedIds }, sort }, format, onProgress)}
    />
  );
};
