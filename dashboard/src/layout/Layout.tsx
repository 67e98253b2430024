import AssessmentIcon from '@mui/icons-material/Assessment';
import KeyIcon from '@mui/icons-material/Key';
import PaymentsIcon from '@mui/icons-material/AccountBalance';
import HourglassBottomIcon from '@mui/icons-material/HourglassBottom';
import ReportProblemIcon from '@mui/icons-material/ReportProblem';
import CalendarMonthIcon from '@mui/icons-material/CalendarMonth';
import FactCheckIcon from '@mui/icons-material/FactCheck';
import RuleIcon from '@mui/icons-material/Rule';
import DashboardIcon from '@mui/icons-material/Dashboard';
import HomeIcon from '@mui/icons-material/Home';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { useEffect, type ReactElement, type ReactNode } from 'react';
import {
  AppBar,
  Layout as RaLayout,
  LoadingIndicator,
  LocalesMenuButton,
  Logout,
  Menu,
  MenuItemLink,
  TitlePortal,
  UserMenu,
  useLocaleState,
  useTranslate,
  useUserMenu,
} from 'react-admin';
import { HOME_OF_ROLE } from '../../../contract/homes';
import { RECONCILIATION_ROLES } from '../../../contract/reconciliation';
import { MetaFromPermissions, useMeta } from '../meta/MetaContext';
import { inProgramArea, reportPrograms } from '../meta/programs';
import { NotificationsBell } from './NotificationsBell';
import { ResourceMenu, type Pages } from './ResourceMenu';
import { SlowLoadProgress } from './SlowLoadProgress';

/** The user's own things, under the account menu: API keys, then signing out. */
const ApiKeysMenuItem = () => {
  const userMenu = useUserMenu();
  // the same colour as Logout beside it (a menu link is dimmed until its page is open)
  return <MenuItemLink to="/api-keys" primaryText="app.api_keys.menu" leftIcon={<KeyIcon />} onClick={userMenu?.onClose} sx={{ color: 'text.primary' }} />;
};

const PortalUserMenu = () => (
  <UserMenu>
    <ApiKeysMenuItem />
    <Logout />
  </UserMenu>
);

/**
 * react-admin's loading spinner with a name: it hands props it does not know to its
 * CircularProgress, which is otherwise a progressbar without one (axe: aria-progressbar-name).
 */
const NamedLoadingIndicator = () => {
  const translate = useTranslate();
  const named = { 'aria-label': translate('ra.page.loading') } as object;
  return <LoadingIndicator {...named} />;
};

const PortalAppBar = () => (
  <AppBar
    userMenu={<PortalUserMenu />}
    toolbar={
      <>
        <NotificationsBell />
        <LocalesMenuButton />
        <NamedLoadingIndicator />
      </>
    }
  >
    <TitlePortal component="h1" variant="h6" />
  </AppBar>
);

/** The role's own home first; the managers' dashboard beside it when the home is another page. */
const HomeMenuItems = () => {
  const role = useMeta()?.user.role;
  const home = role ? HOME_OF_ROLE[role] : 'dashboard';
  if (home === 'dashboard') return <Menu.DashboardItem />;
  return (
    <>
      <Menu.Item to="/" primaryText={`app.home.${home}.title`} leftIcon={<HomeIcon />} />
      <Menu.Item to="/dashboard" primaryText="app.dashboard.title" leftIcon={<DashboardIcon />} />
    </>
  );
};

const shown = (item: ReactElement | false | null | undefined | ''): item is ReactElement => Boolean(item);

/** The menu: the reports and resources of the programme areas the caller's organisation works in. */
const PortalMenu = () => {
  const meta = useMeta();
  const role = meta?.user.role;
  const shows = (report: string) => inProgramArea(meta, reportPrograms(meta, report));
  const pages: Pages = {
    funding: [
      shows('payment-summary') && <Menu.Item key="payment-summary" to="/reports/payment-summary" primaryText="app.reports.payments.menu" leftIcon={<PaymentsIcon />} />,
      role && RECONCILIATION_ROLES.includes(role) && shows('payment-reconciliation') && (
        <Menu.Item key="payment-reconciliation" to="/payment-reconciliation" primaryText="app.reconciliation.menu" leftIcon={<RuleIcon />} />
      ),
    ].filter(shown),
    reports: [
      <Menu.Item key="compliance" to="/compliance" primaryText="app.compliance.menu" leftIcon={<CalendarMonthIcon />} />,
      <Menu.Item key="data-quality" to="/data-quality" primaryText="app.data_quality.menu" leftIcon={<FactCheckIcon />} />,
      shows('csp-measures') && <Menu.Item key="csp-measures" to="/reports/csp-measures" primaryText="app.reports.csp.menu" leftIcon={<AssessmentIcon />} />,
      shows('csp-measures') && <Menu.Item key="submissions" to="/submissions" primaryText="app.submissions.menu" leftIcon={<AssessmentIcon />} />,
      shows('service-registry') && <Menu.Item key="service-registry" to="/reports/service-registry" primaryText="app.reports.registry.menu" leftIcon={<HourglassBottomIcon />} />,
      shows('complaints') && <Menu.Item key="complaints" to="/reports/complaints" primaryText="app.reports.complaints.menu" leftIcon={<ReportProblemIcon />} />,
    ].filter(shown),
    data: [
      meta?.resources.some(r => r.permissions.create && !r.read_only) && <Menu.Item key="import" to="/import" primaryText="app.import.menu" leftIcon={<UploadFileIcon />} />,
    ].filter(shown),
  };
  return (
    <Menu>
      <HomeMenuItems />
      <ResourceMenu pages={pages} />
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
