import {
  Create,
  SimpleForm,
  TopToolbar,
  ShowButton,
  useResourceContext,
  useTranslate,
} from 'react-admin';
import { formFields } from '../meta/fields';
import { useMeta, useMetaResource } from '../meta/MetaContext';
import { ConflictNotice, PortalEdit } from './EditConflict';
import { renderInput } from './renderInput';
import { WorkflowButtons } from './WorkflowButtons';

/** The inputs of every writable field, from meta. */
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
        .map(f => renderInput(f, meta, translate, { resource: name }))}
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
