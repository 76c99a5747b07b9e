import { Alert, Badge, Card, Group, Radio, SegmentedControl, SimpleGrid, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../api/client';
import { TONES } from '../api/constants';
import { unwrap } from '../api/errors';
import { describeError } from './feedback';

/**
 * The five brand tones, each with live samples of what the assistant would say in it
 * (greeting, price, order confirmation, handoff) from the tone-preview endpoint.
 */
export function TonePicker({ value, onChange, languages }: { value: string; onChange: (tone: string) => void; languages: string[] }) {
  const { t } = useTranslation();
  const [language, setLanguage] = useState(languages[0] ?? 'en');
  const preview = useQuery({
    queryKey: ['tone-preview', language],
    queryFn: () => unwrap(client.GET('/api/v1/assistant/tones/preview', { params: { query: { language } } })),
    staleTime: Infinity,
  });
  const samples = (tone: string) => preview.data?.tones.find((x) => x.tone === tone)?.samples ?? [];
  return (
    <Stack>
      {languages.length > 1 && (
        <SegmentedControl
          aria-label={t('settings.previewLanguage')}
          data={languages.map((l) => ({ value: l, label: t(`languages.${l}`, { defaultValue: l }) }))}
          value={language}
          onChange={setLanguage}
        />
      )}
      {preview.isError && <Alert color="yellow">{t('tone.previewUnavailable', { reason: describeError(preview.error) })}</Alert>}
      <Radio.Group value={value} onChange={onChange} label={t('tone.label')} name="brand_tone">
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} mt="xs">
          {TONES.map((tone) => (
            <Radio.Card key={tone} value={tone} p="md" radius="md" withBorder data-testid={`tone-${tone}`}>
              <Group wrap="nowrap" align="flex-start">
                <Radio.Indicator />
                <Stack gap={6}>
                  <Text fw={600}>{t(`tone.names.${tone}`)}</Text>
                  <Text size="xs" c="dimmed">
                    {t(`tone.describe.${tone}`)}
                  </Text>
                  {samples(tone).map((s) => (
                    <Card key={s.kind} p={6} bg="var(--mantine-color-default-hover)">
                      <Badge size="xs" variant="light" mb={2}>
                        {t(`tone.kinds.${s.kind}`, { defaultValue: s.kind })}
                      </Badge>
                      <Text size="xs">{s.text}</Text>
                    </Card>
                  ))}
                </Stack>
              </Group>
            </Radio.Card>
          ))}
        </SimpleGrid>
      </Radio.Group>
    </Stack>
  );
}
