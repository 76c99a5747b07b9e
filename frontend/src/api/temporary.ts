// TEMPORARY: hand-written types for endpoints the server is still building (issue #6:
// assistant settings, tone preview, playground; the orders API). They mirror the DTOs in
// apps/server/src/routes/{assistant,playground,orders_dto}.rs as they stand (the committed
// openapi/v1.json does not have them yet). When these paths appear in openapi/v1.json,
// run `npm run gen:api`, replace every type below with the generated
// `components['schemas'][...]`, move the calls onto `client.GET/POST/...`, and delete
// this file. Nothing else in src/ declares a request or response type by hand.
import { api } from './client';
import { ApiError } from './errors';

// ---------------------------------------------------------------- assistant settings
export const HANDOFF_TRIGGERS = [
  'order_confirmed',
  'medical_question',
  'custom_request',
  'complaint',
  'low_confidence',
  'customer_request',
  'repeated_failure',
  'outside_hours',
] as const;
export type HandoffTrigger = (typeof HANDOFF_TRIGGERS)[number];

export interface AssistantSettings {
  enabled: boolean;
  handoff_triggers: Record<HandoffTrigger, boolean>;
  repeated_failure_limit: number;
  out_of_hours: 'hand_off' | 'keep_answering';
  response_delay: 'instant' | 'natural';
  burst_window_ms: number;
  welcome_message: string | null;
  custom_instructions: string | null;
}
export type AssistantSettingsPatch = Partial<Omit<AssistantSettings, 'handoff_triggers'>> & {
  handoff_triggers?: Partial<Record<HandoffTrigger, boolean>>;
};

// ---------------------------------------------------------------- tone preview
export const TONES = ['friendly', 'luxe', 'influencer', 'professional', 'casual'] as const;
export type Tone = (typeof TONES)[number];
export interface TonePreview {
  language: string;
  tones: { tone: string; samples: { kind: string; text: string }[] }[];
}

// ---------------------------------------------------------------- orders
export const ORDER_STATUSES = ['captured', 'in_progress', 'completed', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const SALES_CHANNELS = ['messenger', 'instagram', 'whatsapp', 'web', 'playground'] as const;

export interface Money {
  amount: string;
  currency: string;
}
export interface OrderLine {
  product_id?: string | null;
  variant_id?: string | null;
  product_name: string;
  variant_name?: string | null;
  base_unit_price: Money;
  unit_price: Money;
  offer?: { offer_id: string; name: string } | null;
  quantity: number;
  line_total: Money;
}
export interface OrderNote {
  id: string;
  text: string;
  author_id?: string | null;
  created_at: string;
}
export interface Order {
  id: string;
  number: number;
  /** One of ORDER_STATUSES. */
  status: string;
  channel: string;
  channel_id?: string | null;
  customer_id: string;
  conversation_id: string;
  shipping_location: string;
  currency: string;
  total: Money;
  lines: OrderLine[];
  notes: OrderNote[];
  captured_at: string;
  updated_at: string;
  in_progress_at?: string | null;
  completed_at?: string | null;
  cancelled_at?: string | null;
}
export interface OrderPage {
  items: Order[];
  page: number;
  per_page: number;
  total: number;
  total_pages: number;
}
export interface OrderQuery {
  status?: string;
  channel?: string;
  customer_id?: string;
  conversation_id?: string;
  from?: string;
  to?: string;
  page?: number;
  per_page?: number;
}

// ---------------------------------------------------------------- playground
export interface ReplySource {
  /** `product`, `faq` or `document`. */
  kind: string;
  id: string;
  title: string;
  score: number;
}
export interface CartLine {
  product_id: string;
  product: string;
  variant?: string | null;
  quantity: number;
}
export interface PlaygroundResponse {
  conversation_id: string;
  contact_id: string;
  message_id: string;
  reply?: { text: string; kind: string; sources: ReplySource[]; confidence: number; message_id?: string } | null;
  language: string;
  intent: { name: string; confidence: number };
  intents: { name: string; confidence: number }[];
  entities: Record<string, unknown>;
  sentiment: Record<string, unknown>;
  frustration?: Record<string, unknown>;
  state: {
    lifecycle: string;
    owner: string;
    order_stage: string;
    cart: { lines: CartLine[]; shipping_location?: string | null };
  };
  decision: { action?: string; reason?: string; because?: string; team_available?: boolean };
  handoff?: { reason: string } | null;
  order?: Order | null;
  guardrail: { blocked: boolean; violations: unknown[] };
  engine: string;
  model_fallback?: string | null;
}
export interface PlaygroundRequest {
  text: string;
  session?: string;
  customer_name?: string;
}

// ---------------------------------------------------------------- calls
async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { 'Content-Type': 'application/json' };
  }
  let response: Response;
  try {
    response = await api.authedFetch(new Request(api.baseUrl + path, init));
  } catch (e) {
    throw new ApiError(0, 'network_error', e instanceof Error ? e.message : String(e));
  }
  const text = await response.text();
  const parsed: unknown = text ? JSON.parse(text) : null;
  if (!response.ok) throw ApiError.fromBody(response.status, parsed);
  return parsed as T;
}

function query(params: object): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export const temporaryApi = {
  assistantSettings: () => call<AssistantSettings>('GET', '/api/v1/assistant/settings'),
  updateAssistantSettings: (patch: AssistantSettingsPatch) =>
    call<AssistantSettings>('PATCH', '/api/v1/assistant/settings', patch),
  tonePreview: (language: string) =>
    call<TonePreview>('GET', `/api/v1/assistant/tones/preview${query({ language })}`),
  playgroundMessage: (body: PlaygroundRequest) => call<PlaygroundResponse>('POST', '/api/v1/playground/messages', body),
  resetPlaygroundSession: (session: string) =>
    call<null>('DELETE', `/api/v1/playground/sessions/${encodeURIComponent(session)}`),
  orders: (q: OrderQuery) => call<OrderPage>('GET', `/api/v1/orders${query(q)}`),
  order: (id: string) => call<Order>('GET', `/api/v1/orders/${encodeURIComponent(id)}`),
  changeOrderStatus: (id: string, status: OrderStatus) =>
    call<Order>('PATCH', `/api/v1/orders/${encodeURIComponent(id)}/status`, { status }),
  /** 201 with the note alone. */
  addOrderNote: (id: string, text: string) =>
    call<OrderNote>('POST', `/api/v1/orders/${encodeURIComponent(id)}/notes`, { text }),
};
