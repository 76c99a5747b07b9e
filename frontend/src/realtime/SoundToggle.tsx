import { ActionIcon, Tooltip } from '@mantine/core';
import { IconVolume, IconVolumeOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useMuted } from './sound';

/** Turns the alert beeps on and off (remembered in this browser). */
export function SoundToggle() {
  const { t } = useTranslation();
  const [muted, setMuted] = useMuted();
  const label = muted ? t('realtime.unmute') : t('realtime.mute');
  return (
    <Tooltip label={label}>
      <ActionIcon variant="subtle" size="lg" aria-label={label} aria-pressed={muted} onClick={() => setMuted(!muted)}>
        {muted ? <IconVolumeOff size={20} /> : <IconVolume size={20} />}
      </ActionIcon>
    </Tooltip>
  );
}
