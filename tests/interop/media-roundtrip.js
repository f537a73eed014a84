// Uploads random bytes to a MediaGrpc server and downloads them back with the official
// Node gRPC implementation (@grpc/grpc-js), over both bidirectional streams, and checks
// the SHA-256 of both sides. Loads the public contract from protos/ with proto-loader,
// as any generated client in another language would use it.
//
//   node tests/interop/media-roundtrip.js --address 127.0.0.1:5000 --size 20971520
//
// Prints one JSON line with the result; exits 0 when the bytes match, 1 otherwise.
'use strict';

const crypto = require('node:crypto');
const { arg, connect, deadline, upload, unary } = require('./media-client');

const address = arg('address');
const size = Number(arg('size', String(1024 * 1024)));
const chunkSize = Number(arg('chunk', String(1024 * 1024)));
const apiKey = arg('api-key');
if (!address) {
  console.error('usage: media-roundtrip.js --address HOST:PORT [--size N] [--chunk N] [--api-key KEY]');
  process.exit(2);
}

const client = connect(address, apiKey);

function download(mediaId) {
  return new Promise((resolve, reject) => {
    const call = client.downloads.Download(client.metadata(), { deadline: deadline() });
    const hash = crypto.createHash('sha256');
    let header = null;
    let received = 0;
    let done = false;
    call.on('data', (response) => {
      if (response.header) {
        header = response.header;
      } else if (response.chunk) {
        if (!header) return reject(new Error('chunk before header'));
        if (Number(response.chunk.offset) !== received) return reject(new Error(`chunk at ${response.chunk.offset}, expected ${received}`));
        hash.update(response.chunk.data);
        received += response.chunk.data.length;
      } else if (response.completed) {
        done = true;
        call.end();
      }
    });
    call.on('error', reject);
    call.on('end', () => (done ? resolve({ header, received, sha256: hash.digest('hex') }) : reject(new Error('download ended without completion'))));
    call.write({ open: { media_id: mediaId } });
  });
}

async function main() {
  const content = crypto.randomBytes(size);
  const sourceSha256 = crypto.createHash('sha256').update(content).digest('hex');
  const record = await upload(client, content, chunkSize);
  const fetched = (await unary(client.media, 'GetMedia', { media_id: record.media_id }, client.metadata())).media;
  const got = await download(record.media_id);
  const result = {
    mediaId: record.media_id,
    size,
    sourceSha256,
    recordSha256: Buffer.from(fetched.sha256).toString('hex'),
    downloadedSha256: got.sha256,
    headerLength: Number(got.header.length),
    received: got.received,
  };
  console.log(JSON.stringify(result));
  const ok = result.recordSha256 === sourceSha256 && result.downloadedSha256 === sourceSha256 && got.received === size;
  process.exit(ok ? 0 : 1);
}

main().catch((e) => {
  console.error(JSON.stringify({ error: e.message, code: e.code }));
  process.exit(1);
});
