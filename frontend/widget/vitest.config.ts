import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'jsdom',
    include: ['test/**/*.test.ts'],
    // Every test builds its own store, fake socket and fake fetch: nothing leaks between them.
    restoreMocks: true,
  },
});
