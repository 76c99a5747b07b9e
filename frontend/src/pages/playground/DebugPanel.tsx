import { Badge, Card, Code, Group, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { DecisionView } from '../../api/constants';
import type { PlaygroundTurn } from '../../api/types';

const ACTION_COLOR: Record<string, string> = {
  answer: 'teal',
  answer_with_caveat: 'yellow',
  offer_human: 'orange',
  handoff: 'red',
  stay_silent: 'gray',
};

function Confidence({ value, label }: { value: number; label: string }) {
  return (
    <Group gap="xs" wrap="nowrap">
      <Progress value={value * 100} w={90} aria-label={label} color={value >= 0.7 ? 'teal' : value >= 0.45 ? 'yellow' : 'red'} />
      <Text size="xs" ff="monospace">
        {value.toFixed(2)}
      </Text>
    </Group>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Card withBorder p="sm">
      <Title order={3} size="h6" mb={6}>
        {title}
      </Title>
      {children}
    </Card>
  );
}

/** What the assistant understood and decided for the last message, for the operator testing it. */
export function DebugPanel({ turn }: { turn: PlaygroundTurn | null }) {
  const { t } = useTranslation();
  if (!turn) {
    return (
      <Text c="dimmed" size="sm">
        {t('playground.debugEmpty')}
      </Text>
    );
  }
  const decision = turn.decision as DecisionView;
  const action = decision.action ?? 'unknown';
  // `entities` is free-form JSON in the schema.
  const entities = Object.entries(turn.entities as Record<string, unknown>).filter(([, v]) => v !== null && !(Array.isArray(v) && v.length === 0));
  return (
    <Stack gap="sm" aria-label={t('playground.debug')}>
      <Section title={t('playground.intent')}>
        <Group justify="space-between">
          <Badge variant="light" data-testid="intent">
            {turn.intent.name}
          </Badge>
          <Confidence value={turn.intent.confidence} label={t('playground.confidence')} />
        </Group>
        {turn.intents.length > 1 && (
          <Text size="xs" c="dimmed" mt={4}>
            {turn.intents
              .slice(1)
              .map((i) => `${i.name} ${i.confidence.toFixed(2)}`)
              .join(' · ')}
          </Text>
        )}
        <Text size="xs" mt={4}>
          {t('playground.language')}: {turn.language} · {t('playground.engine')}: {turn.engine}
        </Text>
      </Section>
      <Section title={t('playground.decision')}>
        <Group gap="xs">
          <Badge color={ACTION_COLOR[action] ?? 'gray'} data-testid="decision">
            {t(`playground.actions.${action}`, { defaultValue: action })}
          </Badge>
          {decision.reason && <Badge variant="outline">{decision.reason}</Badge>}
          {decision.because && <Badge variant="outline">{decision.because}</Badge>}
        </Group>
        {turn.handoff && (
          <Text size="sm" c="red" mt={4} data-testid="handoff">
            {t('playground.handoff', { reason: turn.handoff.reason })}
          </Text>
        )}
        {turn.reply && (
          <Group mt={4} gap="xs">
            <Text size="xs">{t('playground.replyConfidence')}</Text>
            <Confidence value={turn.reply.confidence} label={t('playground.replyConfidence')} />
          </Group>
        )}
        {turn.guardrail.blocked && (
          <Text size="xs" c="orange" mt={4}>
            {t('playground.guardrail', { count: turn.guardrail.violations.length })}
          </Text>
        )}
      </Section>
      <Section title={t('playground.state')}>
        <Text size="sm">
          {t('playground.lifecycle')}: <b>{turn.state.lifecycle}</b> · {t('playground.owner')}: <b>{turn.state.owner}</b>
        </Text>
        <Text size="sm" data-testid="order-stage">
          {t('playground.stage')}: <b>{turn.state.order_stage}</b>
        </Text>
        <Text size="sm" fw={500} mt={6}>
          {t('playground.cart')}
        </Text>
        {turn.state.cart.lines.length === 0 ? (
          <Text size="xs" c="dimmed">
            {t('playground.cartEmpty')}
          </Text>
        ) : (
          <Table fz="xs" data-testid="cart">
            <Table.Tbody>
              {turn.state.cart.lines.map((l, i) => (
                <Table.Tr key={i}>
                  <Table.Td>{l.product}</Table.Td>
                  <Table.Td>{l.variant ?? '—'}</Table.Td>
                  <Table.Td>× {l.quantity}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {turn.state.cart.shipping_location && (
          <Text size="xs" mt={4}>
            {t('orders.shipTo')}: {turn.state.cart.shipping_location}
          </Text>
        )}
      </Section>
      {turn.order && (
        <Section title={t('playground.orderCaptured', { number: turn.order.number })}>
          <Text size="sm">
            {turn.order.lines.map((l) => `${l.quantity} × ${l.product_name}${l.variant_name ? ` (${l.variant_name})` : ''}`).join(', ')}
          </Text>
          <Text size="sm" fw={600}>
            {turn.order.total.amount} {turn.order.total.currency}
          </Text>
        </Section>
      )}
      <Section title={t('playground.sources')}>
        {!turn.reply || turn.reply.sources.length === 0 ? (
          <Text size="xs" c="dimmed">
            {t('playground.noSources')}
          </Text>
        ) : (
          <Table fz="xs" data-testid="sources">
            <Table.Tbody>
              {turn.reply.sources.map((s) => (
                <Table.Tr key={`${s.kind}-${s.id}`}>
                  <Table.Td>
                    <Badge size="xs" variant="light">
                      {t(`knowledge.sources.${s.kind}`, { defaultValue: s.kind })}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{s.title}</Table.Td>
                  <Table.Td ff="monospace">{s.score.toFixed(2)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Section>
      <Section title={t('playground.entities')}>
        {entities.length === 0 ? (
          <Text size="xs" c="dimmed">
            {t('playground.noEntities')}
          </Text>
        ) : (
          <Code block fz="xs">
            {JSON.stringify(Object.fromEntries(entities), null, 2)}
          </Code>
        )}
      </Section>
    </Stack>
  );
}
