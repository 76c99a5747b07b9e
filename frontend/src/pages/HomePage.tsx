import { Button, Card, Group, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { client } from '../api/client';
import { unwrap } from '../api/errors';
import { useWorkspace } from '../auth/AuthProvider';
import { computeProgress } from './onboarding/progress';

export default function HomePage() {
  const { t } = useTranslation();
  const { workspace, user } = useWorkspace();
  const products = useQuery({
    queryKey: ['products', 'count'],
    queryFn: () => unwrap(client.GET('/api/v1/products', { params: { query: { per_page: 1 } } })),
  });
  const channels = useQuery({
    queryKey: ['channels'],
    queryFn: () => unwrap(client.GET('/api/v1/channels', { params: { query: { per_page: 100 } } })),
  });
  const progress = workspace ? computeProgress(workspace.onboarding) : null;
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('home.welcome', { name: user?.name ?? workspace?.business_name ?? '' })}
      </Title>
      {progress && !progress.completed && (
        <Card withBorder>
          <Group justify="space-between" wrap="wrap">
            <div>
              <Text fw={600}>{t('home.setup')}</Text>
              <Text size="sm" c="dimmed">
                {t('home.setupHelp')}
              </Text>
            </div>
            <Button component={Link} to="/onboarding">
              {t('home.continueSetup')}
            </Button>
          </Group>
          <Progress mt="sm" value={progress.percent} aria-label={t('onboarding.progress')} />
        </Card>
      )}
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Card withBorder component={Link} to="/products">
          <Text size="sm" c="dimmed">
            {t('nav.products')}
          </Text>
          <Text size="xl" fw={700}>
            {products.data?.total ?? '—'}
          </Text>
        </Card>
        <Card withBorder component={Link} to="/channels">
          <Text size="sm" c="dimmed">
            {t('nav.channels')}
          </Text>
          <Text size="xl" fw={700}>
            {channels.data?.items.filter((c) => c.status === 'active').length ?? '—'}
          </Text>
        </Card>
        <Card withBorder component={Link} to="/playground">
          <Text size="sm" c="dimmed">
            {t('nav.playground')}
          </Text>
          <Text size="sm">{t('home.tryPlayground')}</Text>
        </Card>
      </SimpleGrid>
    </Stack>
  );
}
