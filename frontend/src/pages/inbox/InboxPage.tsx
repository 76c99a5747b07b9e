import { Box, Center, Grid, Text } from '@mantine/core';
import { IconMessages } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { ConversationList } from './ConversationList';
import { Thread } from './Thread';

/**
 * The inbox: the conversation list beside the open thread. On a phone they are two views,
 * `/inbox` (the list) and `/inbox/:conversationId` (the thread, with a way back).
 */
export default function InboxPage() {
  const { t } = useTranslation();
  const { conversationId } = useParams();
  return (
    <Grid gutter="md">
      <Grid.Col span={{ base: 12, md: 4, xl: 3 }}>
        <Box visibleFrom={conversationId ? 'md' : undefined}>
          <ConversationList selectedId={conversationId} />
        </Box>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 8, xl: 9 }}>
        {conversationId ? (
          <Thread key={conversationId} id={conversationId} />
        ) : (
          <Center visibleFrom="md" h={300}>
            <Text c="dimmed">
              <IconMessages size={18} style={{ verticalAlign: 'middle', marginRight: 6 }} />
              {t('inbox.pick')}
            </Text>
          </Center>
        )}
      </Grid.Col>
    </Grid>
  );
}
