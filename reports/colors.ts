/**
 * Colour for the text report: whether to colour (the conventions, decided once by the command)
 * and the styles (from `ansis`, the colour library @oclif/core already brings).
 *
 * The decision, first match wins:
 *  1. `--color` / `--no-color`;
 *  2. `FORCE_COLOR`: `0` or `false` = no colour, any other value (`1`, `2`, `3`, `true`, empty) = colour
 *     (as Node's own tty.getColorDepth, FORCE_COLOR overrides NO_COLOR);
 *  3. `NO_COLOR` set to a non-empty value = no colour (https://no-color.org);
 *  4. `TERM=dumb` = no colour;
 *  5. colour when stdout is a TTY.
 *
 * ansis 3 reads the environment once, when it loads, and would then disagree with `--color` under
 * NO_COLOR or with a report rendered for a TTY from a test. So the styles come from a private copy of
 * ansis loaded with FORCE_COLOR=1 (16 colours: all the report uses), and "no colour" uses no styles at all.
 */
import {createRequire} from 'node:module'
import type {Ansis} from 'ansis'

export interface ColorInputs {
  /** `--color` (true) / `--no-color` (false), undefined when not given. */
  flag?: boolean
  env: NodeJS.ProcessEnv
  isTTY: boolean
}

export function colorWanted({flag, env, isTTY}: ColorInputs): boolean {
  if (flag !== undefined) return flag
  const force = env.FORCE_COLOR
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false'
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  if (env.TERM === 'dumb') return false
  return isTTY
}

let colored: Ansis | undefined

/** ansis with colour on whatever the environment says (see above). */
function coloredAnsis(): Ansis {
  if (colored) return colored
  const require = createRequire(import.meta.url)
  const id = require.resolve('ansis')
  const cached = require.cache[id]
  const saved = {FORCE_COLOR: process.env.FORCE_COLOR, NO_COLOR: process.env.NO_COLOR}
  try {
    delete require.cache[id]
    process.env.FORCE_COLOR = '1'
    delete process.env.NO_COLOR
    colored = require('ansis') as Ansis
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
    if (cached) require.cache[id] = cached
    else delete require.cache[id]
  }
  return colored
}

export type Style = 'pass' | 'warn' | 'fail' | 'skip' | 'error' | 'dim' | 'strong'

export type Paint = (text: string, style: Style) => string

const plain: Paint = (text) => text

/** The painter: styles by meaning, or none. */
export function painter(on: boolean): Paint {
  if (!on) return plain
  const a = coloredAnsis()
  const styles: Record<Style, (text: string) => string> = {
    pass: (t) => a.bold.green(t),
    warn: (t) => a.bold.yellow(t),
    fail: (t) => a.bold.red(t),
    skip: (t) => a.gray(t),
    error: (t) => a.bold.magenta(t),
    dim: (t) => a.gray(t),
    strong: (t) => a.bold(t),
  }
  return (text, style) => (text === '' ? text : styles[style](text))
}
