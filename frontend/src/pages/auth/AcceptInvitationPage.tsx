import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { client } from '../../api/client';
import { unwrap } from '../../api/errors';
import { useAuth } from '../../auth/AuthProvider';
import { applyFieldErrors, describeError } from '../../components/feedback';
import { AuthCard } from './AuthCard';

export default function AcceptInvitationPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const { signedIn } = useAuth();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const form = useForm({ initialValues: { name: '', password: '' } });
  const submit = form.onSubmit(async (values) => {
    setError(null);
    try {
      const tokens = await unwrap(
        client.POST('/api/v1/invitations/{token}/accept', {
          params: { path: { token } },
          body: { password: values.password, name: values.name.trim() || null },
        }),
      );
      signedIn(tokens.access_token);
      navigate('/', { replace: true });
    } catch (e) {
      if (!applyFieldErrors(form, e)) setError(describeError(e));
    }
  });
  return (
    <AuthCard title={t('auth.inviteTitle')} subtitle={t('auth.inviteSubtitle')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <TextInput label={t('auth.name')} autoComplete="name" {...form.getInputProps('name')} />
          <PasswordInput label={t('auth.password')} description={t('auth.inviteHint')} required {...form.getInputProps('password')} />
          <Button type="submit" loading={form.submitting}>
            {t('auth.joinWorkspace')}
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
