import { useDataProvider } from 'react-admin';
import type { PortalDataProvider } from '../dataProvider';

export const usePortalDataProvider = () => useDataProvider<PortalDataProvider>();
