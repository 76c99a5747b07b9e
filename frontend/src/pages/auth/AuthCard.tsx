import { Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { LanguageSwitcher, ThemeToggle } from '../../components/Preferences';

export function AuthCard({ title, subtitle, children }: { title: string; subtitle?: string; children: ReactNode }) {
  return (
    <Center mih="100vh" p="md">
      <Stack w="100%" maw={420}>
        <Group justify="space-between">
          <Title order={3} component="p" c="violet">
            ChatDesk
          </Title>
          <Group gap="xs">
            <LanguageSwitcher />
            <ThemeToggle />
          </Group>
        </Group>
        <Paper withBorder shadow="sm" p="lg" component="main">
          <Title order={1} size="h2" mb={subtitle ? 4 : 'md'}>
            {title}
          </Title>
          {subtitle && (
            <Text c="dimmed" size="sm" mb="md">
              {subtitle}
            </Text>
          )}
          {children}
        </Paper>
      </Stack>
    </Center>
  );
}
