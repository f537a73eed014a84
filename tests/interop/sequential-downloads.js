// Downloads one small media many times in a row on one grpc-js channel, as a client
// fetching thumbnails would, half-closing each Download stream when its DownloadCompleted
// arrives (the contract's conversation), and checks every copy's SHA-256.
//
//   node tests/interop/sequential-downloads.js --address 127.0.0.1:5000 --count 200
//
// Prints one JSON line: how many downloads matched, and the first failure's status if any;
// exits 0 when all of them did.
'use strict';

const crypto = require('node:crypto');
const { arg, callsInARow, connect, deadline, upload } = require('./media-client');

const address = arg('address');
const count = Number(arg('count', '200'));
if (!address) {
  console.error('usage: sequential-downloads.js --address HOST:PORT [--count N]');
  process.exit(2);
}

const client = connect(address);

function download(mediaId) {
  return new Promise((resolve, reject) => {
    const call = client.downloads.Download(client.metadata(), { deadline: deadline() });
    const hash = crypto.createHash('sha256');
    let completed = false;
    call.on('data', (response) => {
      if (response.chunk) {
        hash.update(response.chunk.data);
      } else if (response.completed) {
        completed = true;
        call.end();
      }
    });
    call.on('error', reject);
    call.on('end', () => (completed ? resolve(hash.digest('hex')) : reject(new Error('download ended without completion'))));
    call.write({ open: { media_id: mediaId } });
  });
}

callsInARow(
  count,
  'download',
  async () => {
    const content = crypto.randomBytes(64 * 1024);
    const record = await upload(client, content, content.length);
    return { mediaId: record.media_id, expected: crypto.createHash('sha256').update(content).digest('hex') };
  },
  async ({ mediaId, expected }) => (await download(mediaId)) === expected,
);
