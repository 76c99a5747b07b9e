import { Group, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconChecks, IconClock, IconHeadset, IconRobot, IconUser } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { ConversationMessage } from '../../api/types';
import classes from './inbox.module.css';

interface Props {
  message: ConversationMessage;
  /** The customer's name, for their messages. */
  customerName: string;
  /** The agent's name, for a person's replies (null when no longer a member). */
  agentName: string | null;
}

const CLASS: Record<string, string | undefined> = {
  customer: classes.customer,
  assistant: classes.assistant,
  agent: classes.agent,
  platform_inbox: classes.platform,
};

/**
 * One message. The three voices differ in side, colour and label: the customer on the
 * left, the assistant and the team on the right, each named, so a screen reader hears
 * who spoke too.
 */
export function MessageBubble({ message, customerName, agentName }: Props) {
  const { t } = useTranslation();
  const sender = message.sender;
  const label =
    sender === 'customer'
      ? customerName
      : sender === 'assistant'
        ? t('inbox.sender.assistant')
        : sender === 'agent'
          ? agentName
            ? t('inbox.sender.agentNamed', { name: agentName })
            : t('inbox.sender.agent')
          : t('inbox.sender.platform');
  const Icon = sender === 'customer' ? IconUser : sender === 'assistant' ? IconRobot : IconHeadset;
  return (
    <div
      className={CLASS[sender] ?? classes.customer}
      data-sender={sender}
      data-testid="message"
      role="article"
      aria-label={label}
      style={{ alignSelf: sender === 'customer' ? 'flex-start' : 'flex-end' }}
    >
      <Group gap={4} wrap="nowrap" mb={2}>
        <Icon size={14} aria-hidden />
        <Text size="xs" fw={600} c="dimmed">
          {label}
        </Text>
      </Group>
      <Text size="sm">{message.text}</Text>
      <Group gap={6} justify="flex-end" mt={2} wrap="nowrap">
        <Text size="xs" c="dimmed" title={new Date(message.at).toLocaleString()}>
          {new Date(message.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}
        </Text>
        {message.direction === 'outbound' && message.status && <DeliveryStatus status={message.status} failure={message.failure_code ?? null} />}
      </Group>
    </div>
  );
}

function DeliveryStatus({ status, failure }: { status: string; failure: string | null }) {
  const { t } = useTranslation();
  const label = t(`inbox.delivery.${status}`, { defaultValue: status });
  const icon =
    status === 'failed' ? (
      <IconAlertTriangle size={14} color="var(--mantine-color-red-filled)" aria-hidden />
    ) : status === 'pending' ? (
      <IconClock size={14} aria-hidden />
    ) : status === 'sent' ? (
      <IconCheck size={14} aria-hidden />
    ) : (
      <IconChecks size={14} color={status === 'read' ? 'var(--mantine-color-blue-filled)' : undefined} aria-hidden />
    );
  const text = failure ? `${label} (${t(`inbox.failures.${failure}`, { defaultValue: failure })})` : label;
  return (
    <Tooltip label={text} withinPortal>
      <Group gap={2} wrap="nowrap" data-testid="delivery-status">
        {icon}
        <Text size="xs" c={status === 'failed' ? 'red' : 'dimmed'}>
          {text}
        </Text>
      </Group>
    </Tooltip>
  );
}
