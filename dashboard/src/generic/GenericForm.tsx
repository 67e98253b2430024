import {
  Create,
  SimpleForm,
  TopToolbar,
  ShowButton,
  useResourceContext,
  useTranslate,
} from 'react-admin';
import type { MetaResource } from '../../../contract/meta';
import { formFields } from '../meta/fields';
import { useMeta, useMetaResource } from '../meta/MetaContext';
import { ConflictNotice, PortalEdit } from './EditConflict';
import { renderInput } from './renderInput';
import { WorkflowButtons } from './WorkflowButtons';

/** Whether the caller's role may change this field (finance: only a payment's CAS and ICM numbers). */
const mayWrite = (resource: MetaResource, field: string) => !resource.writable_fields || resource.writable_fields.includes(field);

/** The inputs of every writable field, from meta; those the role may not change shown read-only. */
export const MetaInputs = ({ exclude = [] }: { exclude?: string[] }) => {
  const name = useResourceContext()!;
  const resource = useMetaResource(name);
  const meta = useMeta();
  const translate = useTranslate();
  if (!resource) return null;
  return (
    <>
      {formFields(resource)
        .filter(f => !exclude.includes(f.name))
        .map(f => renderInput(f, meta, translate, { resource: name, readOnly: !mayWrite(resource, f.name) }))}
    </>
  );
};

const EditActions = () => (
  <TopToolbar>
    <WorkflowButtons />
    <ShowButton />
  </TopToolbar>
);

/** Pessimistic so that the server's field errors land next to their fields; a stale save is explained. */
export const GenericEdit = () => (
  <PortalEdit actions={<EditActions />} redirect="show">
    {/* a refreshed record (after a refused save) keeps what the user typed */}
    <SimpleForm resetOptions={{ keepDirtyValues: true }}>
      <ConflictNotice />
      <MetaInputs />
    </SimpleForm>
  </PortalEdit>
);

export const GenericCreate = () => (
  <Create redirect="show">
    <SimpleForm>
      <MetaInputs />
    </SimpleForm>
  </Create>
);
