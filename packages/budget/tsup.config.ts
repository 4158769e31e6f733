import { defineConfig } from 'tsup';
import { oneInstanceBuild } from '../../scripts/tsup-one-instance.js';

// One implementation (CommonJS) with an ESM facade: one instance per process, whichever format loads it.
export default defineConfig(oneInstanceBuild());
