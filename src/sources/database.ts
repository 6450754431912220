/** Moved to ./db/: kept so existing imports of the database source keep working. */
export * from './db/index.js'
