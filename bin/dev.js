#!/usr/bin/env node
// Development entry: same as run.js but oclif reports extra diagnostics.
// The commands are compiled first (npm run build); dist/ is what runs.
import {execute} from '@oclif/core'

await execute({development: true, dir: import.meta.url})
