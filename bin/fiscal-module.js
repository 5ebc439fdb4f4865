#!/usr/bin/env node
// Runs the TypeScript CLI of fiscal-module/ through tsx (no build step).
import { register } from 'tsx/esm/api';
register();
await import('../fiscal-module/cli.ts');
