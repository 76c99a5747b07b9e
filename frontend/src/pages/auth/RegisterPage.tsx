import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { client } from '../../api/client';
import { unwrap } from '../../api/errors';
import { useAuth } from '../../auth/AuthProvider';
import { applyFieldErrors, describeError } from '../../components/feedback';
import { passwordProblem } from './password';
import { AuthCard } from './AuthCard';

export default function RegisterPage() {
  const { t } = useTranslation();
  const { signedIn } = useAuth();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { name: '', business_name: '', email: '', password: '' },
    validate: {
      business_name: (v) => (v.trim().length >= 3 && v.trim().length <= 100 ? null : t('auth.businessNameRule')),
      email: (v) => (/^\S+@\S+\.\S+$/.test(v) ? null : t('auth.invalidEmail')),
      password: (v) => {
        const problem = passwordProblem(v);
        return problem ? t(`auth.passwordRules.${problem}`) : null;
      },
    },
  });

  const submit = form.onSubmit(async (values) => {
    setError(null);
    try {
      const created = await unwrap(
        client.POST('/api/v1/auth/register', {
          body: { ...values, name: values.name.trim() || null },
        }),
      );
      signedIn(created.tokens.access_token);
      await queryClient.invalidateQueries({ queryKey: ['me'] });
      navigate('/onboarding', { replace: true });
    } catch (e) {
      if (!applyFieldErrors(form, e)) setError(describeError(e));
    }
  });

  return (
    <AuthCard title={t('auth.registerTitle')} subtitle={t('auth.registerSubtitle')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <TextInput label={t('auth.name')} autoComplete="name" {...form.getInputProps('name')} />
          <TextInput label={t('auth.businessName')} autoComplete="organization" required {...form.getInputProps('business_name')} />
          <TextInput label={t('auth.email')} type="email" autoComplete="email" required {...form.getInputProps('email')} />
          <PasswordInput
            label={t('auth.password')}
            description={t('auth.passwordHint')}
            autoComplete="new-password"
            required
            {...form.getInputProps('password')}
          />
          <Button type="submit" loading={form.submitting}>
            {t('auth.createAccount')}
          </Button>
          <Text size="sm" ta="center">
            {t('auth.haveAccount')}{' '}
            <Anchor component={Link} to="/login">
              {t('auth.signIn')}
            </Anchor>
          </Text>
        </Stack>
      </form>
    </AuthCard>
  );
}
