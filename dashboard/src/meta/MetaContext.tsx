import { createContext, useContext, type ReactNode } from 'react';
import { usePermissions } from 'react-admin';
import type { Meta, MetaResource } from '../../../contract/meta';
import { findResource } from './store';

const MetaContext = createContext<Meta | null>(null);

export const MetaProvider = ({ meta, children }: { meta: Meta | null; children: ReactNode }) => (
  <MetaContext.Provider value={meta}>{children}</MetaContext.Provider>
);

/** Provides /api/meta (the auth provider's permissions, read once per sign-in) to the pages. */
export const MetaFromPermissions = ({ children }: { children: ReactNode }) => {
  const { permissions } = usePermissions<Meta>();
  return <MetaProvider meta={permissions ?? null}>{children}</MetaProvider>;
};

export function useMeta(): Meta | null {
  return useContext(MetaContext);
}

export function useMetaResource(name: string | undefined): MetaResource | undefined {
  const meta = useMeta();
  return name ? findResource(meta, name) : undefined;
}
