import { Alert, Anchor, Button, PasswordInput, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { client } from '../../api/client';
import { unwrap } from '../../api/errors';
import { applyFieldErrors, describeError } from '../../components/feedback';
import { AuthCard } from './AuthCard';
import { passwordProblem } from './password';

export default function ResetPasswordPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(token ? null : t('auth.missingToken'));
  const form = useForm({
    initialValues: { password: '', confirm: '' },
    validate: {
      password: (v) => {
        const problem = passwordProblem(v);
        return problem ? t(`auth.passwordRules.${problem}`) : null;
      },
      confirm: (v, values) => (v === values.password ? null : t('auth.passwordsDiffer')),
    },
  });
  const submit = form.onSubmit(async ({ password }) => {
    setError(null);
    try {
      await unwrap(client.POST('/api/v1/auth/reset-password', { body: { token, password } }));
      setDone(true);
    } catch (e) {
      if (!applyFieldErrors(form, e)) setError(describeError(e));
    }
  });
  return (
    <AuthCard title={t('auth.resetTitle')}>
      {done ? (
        <Stack>
          <Alert color="teal" role="status">
            {t('auth.resetDone')}
          </Alert>
          <Anchor component={Link} to="/login">
            {t('auth.signIn')}
          </Anchor>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            {error && <Alert color="red" role="alert">{error}</Alert>}
            <PasswordInput label={t('auth.newPassword')} description={t('auth.passwordHint')} autoComplete="new-password" required {...form.getInputProps('password')} />
            <PasswordInput label={t('auth.confirmPassword')} autoComplete="new-password" required {...form.getInputProps('confirm')} />
            <Button type="submit" loading={form.submitting} disabled={!token}>
              {t('auth.setPassword')}
            </Button>
          </Stack>
        </form>
      )}
    </AuthCard>
  );
}
