import { Alert, Anchor, Button, Card, Group, List, Progress, SegmentedControl, Stack, Stepper, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCheck, IconCircleDashed } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { client } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { Onboarding } from '../../api/types';
import { useUpdateWorkspace, useWorkspaceQuery } from '../../api/workspace';
import { PageLoader } from '../../components/PageLoader';
import { notifyError } from '../../components/feedback';
import { TonePicker } from '../../components/TonePicker';
import { useChannels } from '../channels/ChannelsPage';
import { ImportProducts } from '../products/ImportProducts';
import { ProductForm } from '../products/ProductForm';
import { BusinessForm } from '../settings/BusinessForm';
import { computeProgress, readyToCaptureOrders, settle, STEPS, type StepKey } from './progress';

export default function OnboardingPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const workspace = useWorkspaceQuery();
  const update = useUpdateWorkspace();
  const channels = useChannels();
  const products = useQuery({
    queryKey: ['products', 'onboarding'],
    queryFn: () => unwrap(client.GET('/api/v1/products', { params: { query: { per_page: 5 } } })),
  });
  const [active, setActive] = useState<number | null>(null);
  const [productMode, setProductMode] = useState<'hand' | 'csv'>('hand');
  const [tone, setTone] = useState<string | null>(null);

  const onboarding = workspace.data?.onboarding;
  const progress = onboarding ? computeProgress(onboarding) : null;
  // Resume where the workspace left off, once it has loaded.
  useEffect(() => {
    if (progress && active === null) setActive(progress.current);
  }, [progress, active]);

  if (!workspace.data || !onboarding || !progress || active === null) return <PageLoader />;
  const ws = workspace.data;

  const mark = async (step: StepKey, status: 'done' | 'skipped', extra: Record<string, unknown> = {}) => {
    try {
      const next = await update.mutateAsync({ ...extra, onboarding: settle(onboarding, step, status) });
      setActive(computeProgress(next.onboarding).current);
    } catch (e) {
      notifyError(e);
    }
  };
  const finish = async () => {
    const done: Onboarding = { ...onboarding, completed: true };
    try {
      await update.mutateAsync({ onboarding: done });
      navigate('/playground');
    } catch (e) {
      notifyError(e);
    }
  };

  const activeChannels = (channels.data?.items ?? []).filter((c) => c.status === 'active');
  const productCount = products.data?.total ?? 0;
  const checklist = [
    { ok: progress.statuses.business_details !== 'pending', label: t('onboarding.check.business') },
    { ok: activeChannels.length > 0 || progress.statuses.channel === 'skipped', label: activeChannels.length > 0 ? t('onboarding.check.channel', { count: activeChannels.length }) : t('onboarding.check.playground') },
    { ok: productCount > 0, label: t('onboarding.check.products', { count: productCount }) },
    { ok: progress.statuses.tone === 'done', label: t('onboarding.check.tone', { tone: t(`tone.names.${ws.brand_tone}`, { defaultValue: ws.brand_tone }) }) },
  ];

  return (
    <Stack maw={960}>
      <Title order={1} size="h2">
        {t('onboarding.title')}
      </Title>
      <Group gap="sm" wrap="nowrap">
        <Progress value={progress.percent} style={{ flex: 1 }} aria-label={t('onboarding.progress')} size="lg" />
        <Text size="sm" fw={500} miw={48}>
          {progress.percent}%
        </Text>
      </Group>
      <Stepper active={active} onStepClick={setActive} allowNextStepsSelect={false} size="sm" wrap>
        <Stepper.Step label={t('onboarding.steps.business')} completedIcon={<IconCheck size={16} />}>
          <Card withBorder mt="md">
            <Text mb="md" c="dimmed" size="sm">
              {t('onboarding.businessHelp')}
            </Text>
            <BusinessForm
              workspace={ws}
              withHours={false}
              submitLabel={t('onboarding.saveContinue')}
              onSaved={() => void mark('business_details', 'done')}
            />
          </Card>
        </Stepper.Step>
        <Stepper.Step label={t('onboarding.steps.channel')}>
          <Card withBorder mt="md">
            <Stack>
              <Text size="sm">{t('onboarding.channelHelp')}</Text>
              {activeChannels.length > 0 && <Alert color="teal">{t('onboarding.channelConnected', { names: activeChannels.map((c) => c.name).join(', ') })}</Alert>}
              <Group>
                <Button component={Link} to="/channels" variant="light">
                  {t('onboarding.connectChannel')}
                </Button>
                {activeChannels.length > 0 ? (
                  <Button onClick={() => void mark('channel', 'done')} loading={update.isPending}>
                    {t('onboarding.continue')}
                  </Button>
                ) : (
                  <Button variant="default" onClick={() => void mark('channel', 'skipped')} loading={update.isPending}>
                    {t('onboarding.skipToPlayground')}
                  </Button>
                )}
              </Group>
            </Stack>
          </Card>
        </Stepper.Step>
        <Stepper.Step label={t('onboarding.steps.products')}>
          <Card withBorder mt="md">
            <Stack>
              <Text size="sm">{t('onboarding.productsHelp', { count: productCount })}</Text>
              <SegmentedControl
                aria-label={t('onboarding.productsHow')}
                value={productMode}
                onChange={(v) => setProductMode(v === 'csv' ? 'csv' : 'hand')}
                data={[
                  { value: 'hand', label: t('onboarding.byHand') },
                  { value: 'csv', label: t('onboarding.byCsv') },
                ]}
              />
              {productMode === 'hand' ? (
                <ProductForm
                  key={productCount}
                  currency={ws.currency}
                  onSaved={() => {
                    void queryClient.invalidateQueries({ queryKey: ['products'] });
                    void mark('products', 'done');
                  }}
                />
              ) : (
                <ImportProducts
                  onImported={() => {
                    void queryClient.invalidateQueries({ queryKey: ['products'] });
                    void mark('products', 'done');
                  }}
                />
              )}
              <Group>
                {productCount > 0 && (
                  <Button onClick={() => void mark('products', 'done')}>{t('onboarding.continue')}</Button>
                )}
                <Button variant="subtle" onClick={() => void mark('products', 'skipped')}>
                  {t('onboarding.skip')}
                </Button>
              </Group>
            </Stack>
          </Card>
        </Stepper.Step>
        <Stepper.Step label={t('onboarding.steps.tone')}>
          <Card withBorder mt="md">
            <Stack>
              <Text size="sm">{t('onboarding.toneHelp')}</Text>
              <TonePicker value={tone ?? ws.brand_tone} onChange={setTone} languages={ws.languages} />
              <Group>
                <Button onClick={() => void mark('tone', 'done', { brand_tone: tone ?? ws.brand_tone })} loading={update.isPending}>
                  {t('onboarding.useTone')}
                </Button>
              </Group>
            </Stack>
          </Card>
        </Stepper.Step>
        <Stepper.Completed>
          <Card withBorder mt="md">
            <Title order={2} size="h3" mb="sm">
              {readyToCaptureOrders(onboarding) ? t('onboarding.ready') : t('onboarding.almost')}
            </Title>
            <List spacing="sm" center>
              {checklist.map((c) => (
                <List.Item
                  key={c.label}
                  icon={
                    <ThemeIcon color={c.ok ? 'teal' : 'gray'} size={24} radius="xl">
                      {c.ok ? <IconCheck size={14} /> : <IconCircleDashed size={14} />}
                    </ThemeIcon>
                  }
                >
                  {c.label}
                </List.Item>
              ))}
            </List>
            <Group mt="lg">
              <Button onClick={() => void finish()} loading={update.isPending}>
                {t('onboarding.finish')}
              </Button>
              {STEPS.some((s) => progress.statuses[s] === 'skipped') && (
                <Anchor component="button" type="button" onClick={() => setActive(STEPS.findIndex((s) => progress.statuses[s] === 'skipped'))}>
                  {t('onboarding.revisit')}
                </Anchor>
              )}
            </Group>
          </Card>
        </Stepper.Completed>
      </Stepper>
    </Stack>
  );
}
