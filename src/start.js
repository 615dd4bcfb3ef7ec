// `npm start` and `npm run serve` run this: the built app (build/) with sensible local
// defaults. adapter-node rejects form posts whose Origin differs from ORIGIN, and without
// ORIGIN it assumes https, so on a laptop we default to http://localhost:PORT.
process.env.PORT ||= '3000';
process.env.ORIGIN ||= `http://localhost:${process.env.PORT}`;
if (!process.env.DATABASE_URL) process.env.DATA_DIR ||= './data';
// adapter-node refuses bodies over 512 KB by default; course files may be 20 MB and course
// zips 100 MB (the app checks each limit itself and says which was passed).
process.env.BODY_SIZE_LIMIT ||= '110M';
console.log(`Bilim is starting on ${process.env.ORIGIN} (${process.env.DATABASE_URL ? 'PostgreSQL' : `embedded database in ${process.env.DATA_DIR}`})`);
// A variable, so type checking does not require a build to exist.
const entry = '../build/index.js';
await import(entry);

export {};
