import { Alert, Badge, Button, Card, Group, Progress, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../../api/client';
import { unwrap } from '../../api/errors';
import { describeError } from '../../components/feedback';

export function TestQuestionPanel() {
  const { t } = useTranslation();
  const [question, setQuestion] = useState('');
  const test = useMutation({
    mutationFn: (query: string) => unwrap(client.POST('/api/v1/knowledge/test', { body: { query, top_k: 5 } })),
  });
  return (
    <Stack>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (question.trim()) test.mutate(question.trim());
        }}
      >
        <Group align="flex-end">
          <TextInput
            label={t('knowledge.testLabel')}
            placeholder={t('knowledge.testPlaceholder')}
            value={question}
            onChange={(e) => setQuestion(e.currentTarget.value)}
            style={{ flex: 1 }}
          />
          <Button type="submit" loading={test.isPending}>
            {t('knowledge.ask')}
          </Button>
        </Group>
      </form>
      {test.isError && <Alert color="red">{describeError(test.error)}</Alert>}
      {test.data && (
        <Stack aria-live="polite">
          <Group>
            <Text fw={500}>{t('knowledge.confidence')}</Text>
            <Progress value={test.data.confidence * 100} w={160} aria-label={t('knowledge.confidence')} />
            <Text size="sm">{test.data.confidence.toFixed(2)}</Text>
          </Group>
          {test.data.results.length === 0 && <Alert color="yellow">{t('knowledge.noResults')}</Alert>}
          {test.data.results.map((hit) => (
            <Card key={`${hit.source_id}-${hit.position}`} withBorder>
              <Group justify="space-between" mb={4}>
                <Group gap="xs">
                  <Badge variant="filled">#{hit.rank}</Badge>
                  <Badge variant="light">{t(`knowledge.sources.${hit.source_type}`, { defaultValue: hit.source_type })}</Badge>
                  {hit.exact && <Badge color="teal" variant="light">{t('knowledge.exact')}</Badge>}
                </Group>
                <Text size="sm" fw={600}>
                  {t('knowledge.score')} {hit.score.toFixed(3)}
                </Text>
              </Group>
              <Text size="sm" lineClamp={4}>
                {hit.text}
              </Text>
              <Text size="xs" c="dimmed" mt={4}>
                {t('knowledge.vectorLexical', { vector: hit.vector_score.toFixed(3), lexical: hit.lexical_score.toFixed(3) })}
              </Text>
            </Card>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
