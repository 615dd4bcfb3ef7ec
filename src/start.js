// `npm start` and `npm run serve` run this: the built app (build/) with sensible local
// defaults. adapter-node rejects form posts whose Origin differs from ORIGIN, and without
// ORIGIN it assumes https, so on a laptop we default to http://localhost:PORT.
process.env.PORT ||= '3000';
process.env.ORIGIN ||= `http://localhost:${process.env.PORT}`;
if (!process.env.DATABASE_URL) process.env.DATA_DIR ||= './data';
console.log(`Bilim is starting on ${process.env.ORIGIN} (${process.env.DATABASE_URL ? 'PostgreSQL' : `embedded database in ${process.env.DATA_DIR}`})`);
// A variable, so type checking does not require a build to exist.
const entry = '../build/index.js';
await import(entry);

export {};
