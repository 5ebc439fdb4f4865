#!/usr/bin/env node
// Runs the TypeScript CLI of ofd-mock/ through tsx (no build step).
import { register } from 'tsx/esm/api';
register();
await import('../ofd-mock/cli.ts');
