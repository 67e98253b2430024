import { Admin, CustomRoutes, Resource } from 'react-admin';
import { Route } from 'react-router-dom';
import { ApiKeysPage } from './account/ApiKeysPage';
import { authProvider } from './authProvider';
import { Dashboard } from './dashboard/Dashboard';
import { Home } from './home/Home';
import { dataProvider } from './dataProvider';
import { i18nProvider } from './i18n';
import { Layout } from './layout/Layout';
import { LoginPage } from './layout/LoginPage';
import { theme } from './layout/theme';
import { recordRepresentation } from './meta/fields';
import { inProgramArea } from './meta/programs';
import { queryClient } from './queryClient';
import type { Meta, MetaResource } from '../../contract/meta';
import { CompliancePage } from './compliance/CompliancePage';
import { DataQualityPage } from './dataQuality/DataQualityPage';
import { DataQualityRecords } from './dataQuality/DataQualityRecords';
import { ImportPage } from './imports/ImportPage';
import { ReconciliationPage } from './reconciliation/ReconciliationPage';
import { CspMeasuresPage } from './reports/CspMeasuresPage';
import { ExplanationPage } from './reports/ExplanationPage';
import { PaymentSummaryPage } from './reports/PaymentSummaryPage';
import { ComplaintsPage } from './reports/ComplaintsPage';
import { ServiceRegistryPage } from './reports/ServiceRegistryPage';
import { SubmissionChangesPage } from './reports/SubmissionChangesPage';
import { SubmissionPage } from './reports/SubmissionPage';
import { SubmissionPrintPage } from './reports/SubmissionPrintPage';
import { SubmissionsPage } from './reports/SubmissionsPage';
import { viewsFor } from './resources';

/** One <Resource> per resource the caller may read, its views generic unless hand-made. */
function resourceElement(resource: MetaResource) {
  const views = viewsFor(resource.name);
  return (
    <Resource
      key={resource.name}
      name={resource.name}
      options={{ label: resource.label }}
      recordRepresentation={recordRepresentation(resource)}
      icon={views.icon}
      list={views.list}
      show={views.show}
      edit={resource.permissions.update ? views.edit : undefined}
      create={resource.permissions.create ? views.create : undefined}
    />
  );
}

export const App = () => (
  <Admin
    title="app.title"
    dataProvider={dataProvider}
    queryClient={queryClient}
    authProvider={authProvider}
    i18nProvider={i18nProvider}
    layout={Layout}
    dashboard={Home}
    loginPage={LoginPage}
    theme={theme}
    requireAuth
    disableTelemetry
  >
    {(meta: Meta | undefined) => (
      <>
        {(meta?.resources ?? []).filter(r => r.permissions.read && inProgramArea(meta, r.programs)).map(resourceElement)}
        <CustomRoutes>
          <Route path="/dashboard" element={<Dashboard />} />
          <Route path="/reports/csp-measures" element={<CspMeasuresPage />} />
          <Route path="/reports/payment-summary" element={<PaymentSummaryPage />} />
          <Route path="/reports/service-registry" element={<ServiceRegistryPage />} />
          <Route path="/reports/complaints" element={<ComplaintsPage />} />
          <Route path="/reports/:report/explain" element={<ExplanationPage />} />
          <Route path="/submissions" element={<SubmissionsPage />} />
          <Route path="/submissions/:id" element={<SubmissionPage />} />
          <Route path="/submissions/:id/changes" element={<SubmissionChangesPage />} />
          <Route path="/api-keys" element={<ApiKeysPage />} />
          <Route path="/compliance" element={<CompliancePage />} />
          <Route path="/data-quality" element={<DataQualityPage />} />
          <Route path="/data-quality/:check" element={<DataQualityRecords />} />
          <Route path="/payment-reconciliation" element={<ReconciliationPage />} />
          <Route path="/import" element={<ImportPage />} />
        </CustomRoutes>
        <CustomRoutes noLayout>
          <Route path="/submissions/:id/print" element={<SubmissionPrintPage />} />
        </CustomRoutes>
      </>
    )}
  </Admin>
);
