/**
 * The database source's query errors: one line each, a missing table or column
 * is the source's unavailability (the check skips), and the server's text (which
 * may quote a hostile row) is cut at MAX_SERVER_TEXT characters.
 */
import {describe, expect, it} from 'vitest'
import {isSourceUnavailable} from '../../../../src/engine/errors.js'
import {MAX_SERVER_TEXT, queryError} from '../../../../src/sources/db/index.js'

const pgError = (code: string, message: string): Error => Object.assign(new Error(message), {code})

describe('query errors', () => {
  it('a missing table or column makes the check skip, naming the query', () => {
    const table = queryError(pgError('42P01', 'relation "cl_calls" does not exist'), 'SELECT *\n  FROM cl_calls', 5000)
    expect(isSourceUnavailable(table)).toBe(true)
    expect(table.message).toBe('table not found in this 3CX version: relation "cl_calls" does not exist (query: SELECT * FROM cl_calls)')
    expect(isSourceUnavailable(queryError(pgError('42703', 'column "x" does not exist'), 'SELECT x FROM dn', 5000))).toBe(true)
  })

  it('a statement timeout and a refused write are plain errors with their line', () => {
    expect(queryError(pgError('57014', 'canceling statement due to statement timeout'), 'SELECT pg_sleep(9)', 2000).message).toBe(
      'database query did not finish within 2 s (statement_timeout): SELECT pg_sleep(9)',
    )
    expect(queryError(pgError('25006', 'cannot execute UPDATE in a read-only transaction'), 'UPDATE dn SET x = 1', 5000).message).toMatch(/tcx-doctor never writes to the PBX$/)
  })

  it(`the server's text is cut at ${MAX_SERVER_TEXT} characters, the query at 80`, () => {
    const row = `invalid input syntax: "${'\u001b[2J'.repeat(2000)}"`
    const error = queryError(pgError('22P02', row), `SELECT '${'y'.repeat(500)}'`, 5000)
    expect(error.message.startsWith(`database query failed: ${row.slice(0, MAX_SERVER_TEXT)}… (`)).toBe(true)
    expect(error.message.length).toBeLessThan(MAX_SERVER_TEXT + 200)
  })
})
