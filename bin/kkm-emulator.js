#!/usr/bin/env node
// Runs the TypeScript CLI of emulator/ through tsx (no build step).
import { register } from 'tsx/esm/api';
register();
await import('../emulator/cli.ts');
