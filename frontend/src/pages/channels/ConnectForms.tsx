import { Alert, Button, Stack, TagsInput, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { Channel } from '../../api/types';
import { applyFieldErrors, describeError } from '../../components/feedback';

export type Platform = 'messenger' | 'instagram' | 'whatsapp' | 'web';

const FIELDS: Record<Exclude<Platform, 'web'>, string[]> = {
  messenger: ['page_id', 'access_token', 'name'],
  instagram: ['instagram_account_id', 'page_id', 'access_token', 'name'],
  whatsapp: ['phone_number_id', 'waba_id', 'access_token', 'name'],
};
const OPTIONAL = ['name', 'page_id'];

function send(platform: Platform, values: Record<string, string>): Promise<Channel> {
  const v = (k: string) => values[k]?.trim() || null;
  switch (platform) {
    case 'messenger':
      return unwrap(client.POST('/api/v1/channels/messenger', { body: { page_id: v('page_id'), access_token: v('access_token'), name: v('name') } }));
    case 'instagram':
      return unwrap(
        client.POST('/api/v1/channels/instagram', {
          body: { instagram_account_id: v('instagram_account_id'), page_id: v('page_id'), access_token: v('access_token'), name: v('name') },
        }),
      );
    case 'whatsapp':
      return unwrap(
        client.POST('/api/v1/channels/whatsapp', {
          body: { phone_number_id: v('phone_number_id'), waba_id: v('waba_id'), access_token: v('access_token'), name: v('name') },
        }),
      );
    case 'web':
      return unwrap(
        client.POST('/api/v1/channels/web', {
          body: { name: v('name'), allowed_origins: values.allowed_origins ? values.allowed_origins.split('\n').filter(Boolean) : [] },
        }),
      );
  }
}

/** Connects (or, with `initial`, reconnects with a new token) a channel. */
export function ConnectForm({ platform, initial, onDone }: { platform: Platform; initial?: Channel; onDone: (c: Channel) => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [origins, setOrigins] = useState<string[]>([]);
  const fields = platform === 'web' ? ['name'] : FIELDS[platform];
  const initialValues: Record<string, string> = Object.fromEntries(fields.map((f) => [f, '']));
  if (initial) {
    initialValues.name = initial.name;
    if (platform === 'messenger') initialValues.page_id = initial.account_id;
    if (platform === 'instagram') initialValues.instagram_account_id = initial.account_id;
    if (platform === 'whatsapp') initialValues.phone_number_id = initial.account_id;
  }
  const form = useForm({
    initialValues,
    validate: Object.fromEntries(
      fields.filter((f) => !OPTIONAL.includes(f) || (platform === 'web' && f === 'name')).map((f) => [f, (v: string) => (v.trim() ? null : t('common.required'))]),
    ),
  });
  const submit = form.onSubmit(async (values) => {
    setError(null);
    try {
      onDone(await send(platform, { ...values, allowed_origins: origins.join('\n') }));
    } catch (e) {
      if (!applyFieldErrors(form, e)) setError(describeError(e));
    }
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {error && <Alert color="red" role="alert">{error}</Alert>}
        {fields.map((f) => (
          <TextInput
            key={f}
            label={t(`channels.fields.${f}`)}
            required={!OPTIONAL.includes(f) || (platform === 'web' && f === 'name')}
            type={f === 'access_token' ? 'password' : 'text'}
            autoComplete="off"
            {...form.getInputProps(f)}
          />
        ))}
        {platform === 'web' && (
          <TagsInput label={t('channels.fields.allowed_origins')} description={t('channels.originsHint')} value={origins} onChange={setOrigins} />
        )}
        <Button type="submit" loading={form.submitting}>
          {initial ? t('channels.reconnect') : t('channels.connect')}
        </Button>
      </Stack>
    </form>
  );
}
