// The realtime feed's frame (apps/server/src/realtime/envelope.rs):
// `{"id": 42, "type": "conversation.updated", "workspace_id": "...", "data": {...}, "at": "..."}`.
// The WebSocket is outside the OpenAPI document, so this reads a frame defensively
// rather than trusting a type: `data` carries ids and small facts only.

export interface RealtimeEnvelope {
  id: number;
  type: string;
  data: Record<string, unknown>;
  at: string;
}

/** The envelope in a text frame, or null for anything else. */
export function parseEnvelope(text: string): RealtimeEnvelope | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  if (typeof v.id !== 'number' || typeof v.type !== 'string') return null;
  const data = v.data && typeof v.data === 'object' ? (v.data as Record<string, unknown>) : {};
  return { id: v.id, type: v.type, data, at: typeof v.at === 'string' ? v.at : '' };
}

/** A string field of `data`, if present. */
export function dataId(envelope: RealtimeEnvelope, field: string): string | null {
  const value = envelope.data[field];
  return typeof value === 'string' && value ? value : null;
}
