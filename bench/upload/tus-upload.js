// tus-node-server (@tus/server with @tus/file-store) receiving one file uploaded by
// tus-js-client, both in this process over loopback HTTP: the peer our local-disk
// upload path is compared with. Prints one JSON line: {"bytes": N, "seconds": S}.
//
//   node bench/upload/tus-upload.js --file PATH --dir STORE_DIR [--chunk BYTES]
'use strict';

const fs = require('node:fs');
const http = require('node:http');
const { Server } = require('@tus/server');
const { FileStore } = require('@tus/file-store');
const tus = require('tus-js-client');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

const file = arg('file');
const dir = arg('dir');
const chunkSize = Number(arg('chunk', String(4 * 1024 * 1024)));
if (!file || !dir) {
  console.error('usage: tus-upload.js --file PATH --dir STORE_DIR [--chunk BYTES]');
  process.exit(2);
}

const tusServer = new Server({ path: '/files', datastore: new FileStore({ directory: dir }) });
const httpServer = http.createServer((req, res) => tusServer.handle(req, res));

httpServer.listen(0, '127.0.0.1', () => {
  const { port } = httpServer.address();
  const size = fs.statSync(file).size;
  const started = process.hrtime.bigint();
  const upload = new tus.Upload(fs.createReadStream(file, { highWaterMark: chunkSize }), {
    endpoint: `http://127.0.0.1:${port}/files`,
    chunkSize,
    uploadSize: size,
    retryDelays: [],
    onError: (e) => {
      console.error(JSON.stringify({ error: String(e) }));
      process.exit(1);
    },
    onSuccess: () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      console.log(JSON.stringify({ bytes: size, seconds }));
      httpServer.close();
      process.exit(0);
    },
  });
  upload.start();
});
