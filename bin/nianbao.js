#!/usr/bin/env node
// The CLI is written in TypeScript; tsx (a runtime dependency) lets it run from a clean
// clone after `npm install` without a separate compile step.
import { register } from 'tsx/esm/api';
register();
const { runFromCommandLine } = await import('../src/cli/main.ts');
await runFromCommandLine();
