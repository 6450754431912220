/** Moved to ./console/: kept so existing imports of the console source keep working. */
export * from './console/index.js'
