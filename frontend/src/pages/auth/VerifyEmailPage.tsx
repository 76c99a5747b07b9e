import { Alert, Anchor, Loader, Stack } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { client } from '../../api/client';
import { unwrap } from '../../api/errors';
import { describeError } from '../../components/feedback';
import { AuthCard } from './AuthCard';

export default function VerifyEmailPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const queryClient = useQueryClient();
  const verify = useMutation({
    mutationFn: () => unwrap(client.POST('/api/v1/auth/verify-email', { body: { token } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['me'] }),
  });
  // The token is single use: send it once even when React mounts twice in development.
  const sent = useRef(false);
  useEffect(() => {
    if (token && !sent.current) {
      sent.current = true;
      verify.mutate();
    }
  }, [token, verify]);

  return (
    <AuthCard title={t('auth.verifyTitle')}>
      <Stack>
        {!token && <Alert color="red">{t('auth.missingToken')}</Alert>}
        {verify.isPending && <Loader aria-label={t('common.loading')} />}
        {verify.isSuccess && (
          <Alert color="teal" role="status">
            {t('auth.verifyDone')}
          </Alert>
        )}
        {verify.isError && (
          <Alert color="red" role="alert">
            {describeError(verify.error)}
          </Alert>
        )}
        <Anchor component={Link} to="/">
          {t('auth.toDashboard')}
        </Anchor>
      </Stack>
    </AuthCard>
  );
}
