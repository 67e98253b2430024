import AssessmentIcon from '@mui/icons-material/Assessment';
import PaymentsIcon from '@mui/icons-material/AccountBalance';
import { Divider } from '@mui/material';
import { useEffect, type ReactNode } from 'react';
import { AppBar, Layout as RaLayout, LoadingIndicator, LocalesMenuButton, Menu, TitlePortal, useLocaleState } from 'react-admin';
import { MetaFromPermissions, useMeta } from '../meta/MetaContext';
import { inProgramArea, reportPrograms } from '../meta/programs';
import { NotificationsBell } from './NotificationsBell';
import { SlowLoadProgress } from './SlowLoadProgress';

const PortalAppBar = () => (
  <AppBar
    toolbar={
      <>
        <NotificationsBell />
        <LocalesMenuButton />
        <LoadingIndicator />
      </>
    }
  >
    <TitlePortal component="h1" variant="h6" />
  </AppBar>
);

/** The menu: the reports and resources of the programme areas the caller's organisation works in. */
const PortalMenu = () => {
  const meta = useMeta();
  const shows = (report: string) => inProgramArea(meta, reportPrograms(meta, report));
  return (
    <Menu>
      <Menu.DashboardItem />
      {shows('csp-measures') && <Menu.Item to="/reports/csp-measures" primaryText="app.reports.csp.menu" leftIcon={<AssessmentIcon />} />}
      {shows('payment-summary') && <Menu.Item to="/reports/payment-summary" primaryText="app.reports.payments.menu" leftIcon={<PaymentsIcon />} />}
      <Divider />
      <Menu.ResourceItems />
    </Menu>
  );
};

/** Screen readers pronounce the page in the language chosen in the menu. */
const DocumentLanguage = () => {
  const [locale] = useLocaleState();
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return null;
};

export const Layout = ({ children }: { children: ReactNode }) => (
  <MetaFromPermissions>
    <DocumentLanguage />
    <SlowLoadProgress />
    {/* min-width 0 lets wide tables scroll inside their card instead of widening the page */}
    <RaLayout appBar={PortalAppBar} menu={PortalMenu} sx={{ minWidth: 0, '& .RaLayout-appFrame, & .RaLayout-content': { minWidth: 0 } }}>
      {children}
    </RaLayout>
  </MetaFromPermissions>
);
