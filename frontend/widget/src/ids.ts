// Random ids the widget makes itself. The visitor id is the visitor's only credential
// (the server accepts 16 to 128 of A-Za-z0-9_-), so it comes from the browser's CSPRNG.

function randomHex(bytes: number): string {
  const buffer = new Uint8Array(bytes);
  crypto.getRandomValues(buffer);
  let hex = '';
  for (const byte of buffer) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** `v_` and 128 random bits. */
export function newVisitorId(): string {
  return `v_${randomHex(16)}`;
}

/** `m_` and 96 random bits: unique per visitor is all the server needs (1 to 64 chars). */
export function newClientMessageId(): string {
  return `m_${randomHex(12)}`;
}
