import { Alert, Button, Stack, Text } from '@mantine/core';
import { Component, type ReactNode } from 'react';
import i18n from '../i18n';

interface State {
  error: Error | null;
}

/**
 * A page that throws while rendering shows what happened and a way out, instead of
 * blanking the whole dashboard. `resetKey` (the location) clears it on navigation.
 */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey?: string }, State> {
  state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  componentDidUpdate(previous: { resetKey?: string }) {
    if (this.state.error && previous.resetKey !== this.props.resetKey) this.setState({ error: null });
  }

  render() {
    if (!this.state.error) return this.props.children;
    return (
      <Alert color="red" title={i18n.t('errors.title')} role="alert">
        <Stack gap="xs">
          <Text size="sm">{this.state.error.message}</Text>
          <Button size="xs" variant="light" onClick={() => this.setState({ error: null })} w="fit-content">
            {i18n.t('errors.retry')}
          </Button>
        </Stack>
      </Alert>
    );
  }
}
