import { configFromEnv, createDatabase, databaseKind } from './connect';

/**
 * The app's database, for routes, hooks and scripts. Domain modules never import this:
 * they take the database (or a transaction) as their first parameter.
 */
export const dbConfig = configFromEnv();
export const db = createDatabase(dbConfig);
export const dbKind = databaseKind(dbConfig);
