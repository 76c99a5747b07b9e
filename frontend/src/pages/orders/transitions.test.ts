import { expect, it } from 'vitest';
import { nextStatuses } from './transitions';

it('offers only the transitions the order machine allows', () => {
  expect(nextStatuses('captured')).toEqual(['in_progress', 'completed', 'cancelled']);
  expect(nextStatuses('in_progress')).toEqual(['completed', 'cancelled']);
  expect(nextStatuses('completed')).toEqual([]);
  expect(nextStatuses('cancelled')).toEqual([]);
});
