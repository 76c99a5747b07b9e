import { Alert, Anchor, Button, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { client } from '../../api/client';
import { unwrap } from '../../api/errors';
import { applyFieldErrors, describeError } from '../../components/feedback';
import { AuthCard } from './AuthCard';

export default function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { email: '' },
    validate: { email: (v) => (/^\S+@\S+\.\S+$/.test(v) ? null : t('auth.invalidEmail')) },
  });
  const submit = form.onSubmit(async (values) => {
    setError(null);
    try {
      await unwrap(client.POST('/api/v1/auth/forgot-password', { body: values }));
      setSent(true);
    } catch (e) {
      if (!applyFieldErrors(form, e)) setError(describeError(e));
    }
  });
  return (
    <AuthCard title={t('auth.forgotTitle')} subtitle={t('auth.forgotSubtitle')}>
      {sent ? (
        <Stack>
          <Alert color="teal" role="status">
            {t('auth.forgotSent')}
          </Alert>
          <Anchor component={Link} to="/login">
            {t('auth.backToLogin')}
          </Anchor>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            {error && <Alert color="red" role="alert">{error}</Alert>}
            <TextInput label={t('auth.email')} type="email" autoComplete="email" required {...form.getInputProps('email')} />
            <Button type="submit" loading={form.submitting}>
              {t('auth.sendLink')}
            </Button>
            <Anchor component={Link} to="/login" size="sm">
              {t('auth.backToLogin')}
            </Anchor>
          </Stack>
        </form>
      )}
    </AuthCard>
  );
}
