// The widget's own words, in the languages the assistant speaks (English, Spanish,
// Italian). `data-lang` picks one; otherwise the browser's language, else English.

export interface Strings {
  open: string;
  openUnread: string;
  close: string;
  placeholder: string;
  messageLabel: string;
  send: string;
  sending: string;
  sent: string;
  failed: string;
  typing: string;
  reconnecting: string;
  unavailable: string;
  you: string;
  business: string;
}

const en: Strings = {
  open: 'Open chat',
  openUnread: 'Open chat, {n} unread',
  close: 'Close chat',
  placeholder: 'Write a message…',
  messageLabel: 'Message',
  send: 'Send',
  sending: 'Sending…',
  sent: 'Sent',
  failed: 'Not sent. Tap to retry.',
  typing: 'Typing…',
  reconnecting: 'Reconnecting…',
  unavailable: 'Chat is unavailable right now.',
  you: 'You',
  business: 'Reply',
};

const es: Strings = {
  open: 'Abrir chat',
  openUnread: 'Abrir chat, {n} sin leer',
  close: 'Cerrar chat',
  placeholder: 'Escribe un mensaje…',
  messageLabel: 'Mensaje',
  send: 'Enviar',
  sending: 'Enviando…',
  sent: 'Enviado',
  failed: 'No enviado. Toca para reintentar.',
  typing: 'Escribiendo…',
  reconnecting: 'Reconectando…',
  unavailable: 'El chat no está disponible ahora.',
  you: 'Tú',
  business: 'Respuesta',
};

const it: Strings = {
  open: 'Apri la chat',
  openUnread: 'Apri la chat, {n} non letti',
  close: 'Chiudi la chat',
  placeholder: 'Scrivi un messaggio…',
  messageLabel: 'Messaggio',
  send: 'Invia',
  sending: 'Invio…',
  sent: 'Inviato',
  failed: 'Non inviato. Tocca per riprovare.',
  typing: 'Sta scrivendo…',
  reconnecting: 'Riconnessione…',
  unavailable: 'La chat non è disponibile ora.',
  you: 'Tu',
  business: 'Risposta',
};

const BY_LANGUAGE: Record<string, Strings> = { en, es, it };

export function stringsFor(...preferences: Array<string | null | undefined>): Strings {
  for (const preference of preferences) {
    const language = preference?.toLowerCase().split(/[-_]/)[0];
    if (language && BY_LANGUAGE[language]) return BY_LANGUAGE[language];
  }
  return en;
}
