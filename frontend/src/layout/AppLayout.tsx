import { Alert, AppShell, Burger, Group, Menu, NavLink, ScrollArea, Text, Title, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconBook,
  IconBox,
  IconChevronDown,
  IconHome,
  IconInbox,
  IconMessageChatbot,
  IconPlugConnected,
  IconReceipt,
  IconRocket,
  IconSettings,
} from '@tabler/icons-react';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink as RouterLink, Outlet, useLocation } from 'react-router-dom';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { PageLoader } from '../components/PageLoader';
import { useAuth } from '../auth/AuthProvider';
import { LanguageSwitcher, ThemeToggle } from '../components/Preferences';
import { NotificationBell } from '../components/NotificationBell';
import { SoundToggle } from '../realtime/SoundToggle';
import { useRealtime } from '../realtime/useRealtime';

const NAV = [
  { to: '/', key: 'nav.home', icon: IconHome },
  { to: '/onboarding', key: 'nav.onboarding', icon: IconRocket },
  { to: '/inbox', key: 'nav.inbox', icon: IconInbox },
  { to: '/orders', key: 'nav.orders', icon: IconReceipt },
  { to: '/products', key: 'nav.products', icon: IconBox },
  { to: '/knowledge', key: 'nav.knowledge', icon: IconBook },
  { to: '/channels', key: 'nav.channels', icon: IconPlugConnected },
  { to: '/playground', key: 'nav.playground', icon: IconMessageChatbot },
  { to: '/settings', key: 'nav.settings', icon: IconSettings },
] as const;

export function AppLayout() {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure();
  const { me, signOut } = useAuth();
  const location = useLocation();
  const onboardingDone = me?.workspace.onboarding.completed ?? false;
  // One live feed for every page: the inbox, threads and orders refresh as events arrive.
  useRealtime();

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 230, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.toggle')} />
            <Title order={4} component="p">
              ChatDesk
            </Title>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <NotificationBell />
            <SoundToggle />
            <LanguageSwitcher />
            <ThemeToggle />
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <UnstyledButton aria-label={t('nav.account')} px="xs">
                  <Group gap={4} wrap="nowrap">
                    <Text size="sm" fw={500} visibleFrom="sm" truncate maw={180}>
                      {me?.workspace.business_name ?? ''}
                    </Text>
                    <IconChevronDown size={14} />
                  </Group>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{me?.user.email}</Menu.Label>
                <Menu.Item component={RouterLink} to="/settings">
                  {t('nav.settings')}
                </Menu.Item>
                <Menu.Item color="red" onClick={() => void signOut()}>
                  {t('nav.signOut')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('nav.main')}>
        <ScrollArea>
          {NAV.filter((item) => item.to !== '/onboarding' || !onboardingDone).map((item) => (
            <NavLink
              key={item.to}
              component={RouterLink}
              to={item.to}
              end={item.to === '/'}
              label={t(item.key)}
              leftSection={<item.icon size={18} />}
              active={item.to === '/' ? location.pathname === '/' : location.pathname.startsWith(item.to)}
              onClick={close}
            />
          ))}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>
        {me && !me.user.email_verified && (
          <Alert color="yellow" mb="md" title={t('auth.verifyBannerTitle')}>
            {t('auth.verifyBanner', { email: me.user.email })}
          </Alert>
        )}
        <ErrorBoundary resetKey={location.pathname}>
          <Suspense fallback={<PageLoader />}>
            <Outlet />
          </Suspense>
        </ErrorBoundary>
      </AppShell.Main>
    </AppShell>
  );
}
