/**
 * The built-in checks, in report order. Each lives in its own file under its
 * category folder and uses only the public check API (src/index.ts).
 */
import type {Check} from '../src/engine/check.js'
import installIniComplete from './install/ini-complete.js'

export const builtinChecks: readonly Check[] = [installIniComplete]
