#!/usr/bin/env node
// Runs the TypeScript CLI of bench/ through tsx (no build step).
import { register } from 'tsx/esm/api';
register();
await import('../bench/cli.ts');
