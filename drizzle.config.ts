import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: [
    './src/core/db/schema.ts',
    './src/core/db/import-schema.ts',
    './src/core/db/compliance-schema.ts',
    './src/core/db/registers-schema.ts',
  ],
  out: './drizzle',
});
