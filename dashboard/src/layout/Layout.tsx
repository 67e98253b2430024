import AssessmentIcon from '@mui/icons-material/Assessment';
import KeyIcon from '@mui/icons-material/Key';
import PaymentsIcon from '@mui/icons-material/AccountBalance';
import { Divider } from '@mui/material';
import { useEffect, type ReactNode } from 'react';
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
  useUserMenu,
} from 'react-admin';
import { MetaFromPermissions } from '../meta/MetaContext';
import { NotificationsBell } from './NotificationsBell';
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

const PortalAppBar = () => (
  <AppBar
    userMenu={<PortalUserMenu />}
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

const PortalMenu = () => (
  <Menu>
    <Menu.DashboardItem />
    <Menu.Item to="/reports/csp-measures" primaryText="app.reports.csp.menu" leftIcon={<AssessmentIcon />} />
    <Menu.Item to="/reports/payment-summary" primaryText="app.reports.payments.menu" leftIcon={<PaymentsIcon />} />
    <Divider />
    <Menu.ResourceItems />
  </Menu>
);

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
