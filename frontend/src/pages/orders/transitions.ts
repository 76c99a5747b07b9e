import type { OrderStatus } from '../../api/constants';

/** The order status machine (crates/orders/src/models/status.rs): final statuses go nowhere. */
const NEXT: Record<OrderStatus, OrderStatus[]> = {
  captured: ['in_progress', 'completed', 'cancelled'],
  in_progress: ['completed', 'cancelled'],
  completed: [],
  cancelled: [],
};

export function nextStatuses(status: string): OrderStatus[] {
  return NEXT[status as OrderStatus] ?? [];
}

export const STATUS_COLOR: Record<string, string> = {
  captured: 'violet',
  in_progress: 'blue',
  completed: 'teal',
  cancelled: 'gray',
};
