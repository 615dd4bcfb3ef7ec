// The machine's ceiling: Node's own http server answering a fixed page of about 1 KB,
// with no framework, no database and no per-request work. The bench harness runs it in a
// child process (PORT, HOST) so it does not share an event loop with autocannon.
import { createServer } from 'node:http';

const items = Array.from({ length: 16 }, (_, i) => `\t\t\t<li><a href="/courses/${i + 1}">Course ${i + 1}</a></li>`);
const page = Buffer.from(
	[
		'<!doctype html>',
		'<html lang="en">',
		'\t<head>',
		'\t\t<meta charset="utf-8" />',
		'\t\t<meta name="viewport" content="width=device-width, initial-scale=1" />',
		'\t\t<title>Bare Node page</title>',
		'\t</head>',
		'\t<body>',
		'\t\t<h1>A fixed page</h1>',
		'\t\t<p>The same bytes for every request: the fastest any page on this machine can be served.</p>',
		'\t\t<ul>',
		...items,
		'\t\t</ul>',
		'\t</body>',
		'</html>',
		''
	].join('\n')
);

const server = createServer((req, res) => {
	res.writeHead(200, {
		'content-type': 'text/html; charset=utf-8',
		'content-length': page.length
	});
	res.end(req.method === 'HEAD' ? undefined : page);
});

const port = Number(process.env.PORT ?? 0);
const host = process.env.HOST ?? '127.0.0.1';
server.listen(port, host, () => {
	const address = server.address();
	console.log(`bare node server on ${typeof address === 'object' && address ? address.port : port} (${page.length} bytes a page)`);
});

for (const signal of /** @type {const} */ (['SIGTERM', 'SIGINT'])) {
	process.once(signal, () => {
		server.close(() => process.exit(0));
		server.closeAllConnections();
	});
}
